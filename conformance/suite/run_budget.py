"""The run's bound on a hanging target, per process (each xdist worker
counts its own): how many tests the target ran out of time in so far, and
the deadline the next one gets (the decision is ``core.budget``'s)."""

from functools import partial
from typing import Any, Callable

from ..core import budget
from ..core import deadline as deadlines

_timeouts = 0


def case_seconds(config: Any) -> float:
    """The deadline of the next call into the target of this process, where
    no model runs first (a helper called directly, a stateful step)."""
    return budget.deadline_for(config.getoption("--case-deadline"), _timeouts)


def scenario_seconds(config: Any) -> Callable[[float], float]:
    """The deadline of the next scenario, given the seconds the model took for it."""
    return partial(budget.deadline_for, config.getoption("--case-deadline"), _timeouts)


def pytest_sessionstart(session: Any) -> None:
    """A new run (also a second one in the same process) starts with the
    full deadline."""
    global _timeouts
    _timeouts = 0


def pytest_runtest_teardown(item: Any) -> None:
    """Count the test if the target ran out of time in it, whatever its
    verdict (an informational case that hangs costs its deadline too)."""
    global _timeouts
    if deadlines.expired is not None and item.get_closest_marker("conformance_case"):
        _timeouts += 1
        deadlines.start_case()  # counted once, not again by later tests


def shortening_note(config: Any, seconds: float) -> str:
    """What a timeout's reason adds when it ran under a shortened deadline."""
    configured = config.getoption("--case-deadline")
    if not budget.shortened(configured, seconds):
        return ""
    return (
        "\n(the run shortened this deadline from --case-deadline %gs to %gs after the target "
        "had timed out %d times; judge this case alone, --case ID, for the full deadline)"
        % (configured, seconds, budget.FULL_DEADLINE_TIMEOUTS)
    )
