"""The run's bounds on a target that hangs or is slow, per process (each
xdist worker counts its own): how many tests the target ran out of time in
so far, and the deadline the next one gets; what each case's tests have
taken of its time; how long the run has been going, and the cases it has
no time left for.  The decisions are ``core.budget``'s."""

import time
from functools import partial
from typing import Any, Callable, Dict, Optional, Tuple

import pytest

from ..core import budget
from ..core import deadline as deadlines

_timeouts = 0
#: When this process's run started (``time.monotonic()``).
_started = 0.0
#: Case id -> (its time, as granted so far; what its finished tests took of it).
_cases: Dict[str, Tuple[float, float]] = {}
#: Why the running test is not run (the run's time is spent), if it is not.
_NOT_RUN = pytest.StashKey[str]()


def case_seconds(config: Any) -> float:
    """The deadline of the next call into the target of this process, where
    no model runs first (a helper called directly, a stateful step)."""
    return budget.deadline_for(config.getoption("--case-deadline"), _timeouts)


def scenario_seconds(config: Any) -> Callable[[float], float]:
    """The deadline of the next scenario, given the seconds the model took for it."""
    return partial(budget.deadline_for, config.getoption("--case-deadline"), _timeouts)


def _scale() -> float:
    """How much more time the profile's examples need than ``ci``'s."""
    from hypothesis import settings

    return budget.examples_scale(settings().max_examples)


def whole_case_seconds(config: Any) -> float:
    """What all of one case's calls into the target may take together."""
    return float(config.getoption("--case-deadline")) * _scale()


def run_seconds(config: Any) -> Optional[float]:
    """What the run may take in this process; ``None``: no bound."""
    given = config.getoption("--run-deadline")
    if given is None:
        return budget.RUN_DEADLINE * _scale()
    return float(given) or None


def pytest_sessionstart(session: Any) -> None:
    """A new run (also a second one in the same process) starts with the
    full deadline, and its clock starts now."""
    global _timeouts, _started
    _timeouts = 0
    _started = time.monotonic()
    _cases.clear()
    deadlines.reset_model_total()


def begin_case(item: Any, case_id: str) -> None:
    """A test of ``case_id`` begins: its calls share the case's clock, with
    what the case's earlier tests took; a test the run has no time left for
    is a ``timeout`` without running (``pytest_runtest_call``)."""
    config = item.config
    seconds, spent = _cases.get(case_id, (whole_case_seconds(config), 0.0))
    run = budget.run_allowance(run_seconds(config), deadlines.model_total())
    given = budget.case_time(seconds, spent, run, time.monotonic() - _started)
    if given.runs:
        deadlines.start_case(deadlines.CaseClock(given.seconds, spent, given.ceiling))
        return
    deadlines.start_case()
    item.stash[_NOT_RUN] = (
        "[%s] timeout: not run: the run had used up its time, --run-deadline %gs and %ss "
        "for the model's work (in this process); judge this case alone, --case %s, for its "
        "full deadline"
        % (
            case_id,
            run_seconds(config) or 0,
            deadlines.seconds_text((run or 0) - (run_seconds(config) or 0)),
            case_id,
        )
    )


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item: Any) -> None:
    """A case the run has no time left for ends as a ``timeout`` at once."""
    reason = item.stash.get(_NOT_RUN, None)
    if reason is None:
        return
    item.user_properties.append(("verdict", "timeout"))
    item.user_properties.append(("reason", reason))
    item.user_properties.append(("reproduction", "{}"))
    deadlines.finish_case(reason)
    raise deadlines.CaseTimedOut(reason)


def pytest_runtest_teardown(item: Any) -> None:
    """Keep what the test took of its case's time (and was granted), and count the test if
    the target ran out of time in it, whatever its verdict (an
    informational case that hangs costs its deadline too)."""
    global _timeouts
    marker = item.get_closest_marker("conformance_case")
    clock = deadlines.case_clock()
    if marker is not None and clock is not None:
        _cases[marker.args[0].id] = (clock.seconds, clock.spent)
    if deadlines.expired is not None and marker is not None:
        _timeouts += 1
        deadlines.start_case()  # counted once, not again by later tests


def timeout_note(config: Any, expired: deadlines.Expired) -> str:
    """What a timeout's reason adds when it ran under a deadline the run
    shortened, or its case's time ran out over several calls."""
    configured = config.getoption("--case-deadline")
    if not expired.whole_case:
        if not budget.shortened(configured, expired.seconds):
            return ""
        return (
            "\n(the run shortened this deadline from --case-deadline %gs to %gs after the "
            "target had timed out %d times; judge this case alone, --case ID, for the full "
            "deadline)" % (configured, expired.seconds, budget.FULL_DEADLINE_TIMEOUTS)
        )
    clock = deadlines.case_clock()
    if clock is not None and clock.cut_by_run:
        return (
            "\n(the run's time, --run-deadline %gs and more for the model's work, was nearly "
            "spent: the case had %ss left of it; judge this case alone, --case ID, for its "
            "full deadline)" % (run_seconds(config) or 0, deadlines.seconds_text(expired.seconds))
        )
    if round(expired.spent_before, 1) <= 0:
        return ""  # all but nothing went before: the call's own deadline said it all
    return (
        "\n(a case's deadline bounds all its calls into the target together, every "
        "example and step: %.1fs of its %ss had gone to earlier ones)"
        % (expired.spent_before, deadlines.seconds_text(expired.seconds))
    )
