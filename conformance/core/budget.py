"""How long a scenario, a case and a run may take: the run's bounds on a
target that hangs or is merely slow.

A case that times out costs its whole deadline, so a target that hangs in
every case would cost one ``--case-deadline`` per case (minutes).  The run
therefore keeps the full deadline until the target has already timed out
``FULL_DEADLINE_TIMEOUTS`` times in this process (one xdist worker), and
from then on gives each scenario ``SHORT_DEADLINE`` seconds at most.

Why a correct target never meets the short deadline: the count only grows
with timeouts, and a correct target never times out, so it is judged with
the full deadline throughout.  The shortened deadline is still far above
what the scenario takes on a correct target (most take milliseconds; the
heaviest take a few times the model's time, and get ``MODEL_FACTOR`` times
it), so a hanging target's other cases keep the verdicts they would have
had -- only a hang ends sooner.  The count
depends on the run's order and draw, so the short deadline must never be
what decides between a pass and a fail: it is long enough for that not to
happen, and a timeout under it says so in its reason.

A target that never hangs but is slow in every call is bounded by two
clocks instead.  A case's calls into the target share one deadline, across
all its examples and steps (``case_time``), and the run has a deadline of
its own: a case gets at most what is left of it, and once too little is
left, the rest are not run and are ``timeout``, said to be the run's.  Both
grow with what the model took (``model_allowance``, ``run_allowance``): the
model does the same work for every target, so its time measures how loaded
the machine is, and a correct target's run slows down with it.  Both are far
above what a correct target takes (the reference spends under a second of
target time in its heaviest case; the whole suite takes 10-20 s, of which
the model about 1 s).  A Hypothesis profile that draws more examples than
``ci`` scales both by as much (``examples_scale``).
"""

from dataclasses import dataclass
from typing import Optional

#: Timeouts at the full deadline before later scenarios get the short one.
FULL_DEADLINE_TIMEOUTS = 3
#: The least a scenario gets once the target has hung that often.
SHORT_DEADLINE = 0.5
#: ... or this many times the model's own time for the scenario, if more.
MODEL_FACTOR = 20.0


def deadline_for(configured: float, timeouts: int, model_seconds: float = 0.0) -> float:
    """Seconds the next scenario may take: ``configured`` (``--case-deadline``)
    until ``timeouts`` -- the target's timeouts so far in this process --
    reaches ``FULL_DEADLINE_TIMEOUTS``; then ``SHORT_DEADLINE`` or
    ``MODEL_FACTOR`` times ``model_seconds`` (what the model took for the
    same scenario), whichever is longer, never more than ``configured``."""
    if timeouts < FULL_DEADLINE_TIMEOUTS:
        return configured
    return min(configured, max(SHORT_DEADLINE, MODEL_FACTOR * model_seconds))


def shortened(configured: float, seconds: float) -> bool:
    """Whether ``seconds`` is a deadline the run shortened from ``configured``."""
    return seconds < configured


#: How long a run may take, in each worker process, unless ``--run-deadline``
#: says otherwise, before what the model took adds to it: with that, what is
#: left of two minutes after starting and reporting.
RUN_DEADLINE = 75.0
#: What the run's time grows by, per second the model took: a correct run
#: takes 8-14 times its model's time (more out of process), on any machine.
RUN_MODEL_FACTOR = 15.0
#: The least of the run's time a case is started with.
LEAST_CASE_SECONDS = SHORT_DEADLINE
#: The examples a property draws under the ``ci`` and ``dev`` profiles.
PROFILE_EXAMPLES = 60


def examples_scale(max_examples: int) -> float:
    """How much longer than at ``PROFILE_EXAMPLES`` a profile drawing
    ``max_examples`` per property may take (never less)."""
    return max(1.0, max_examples / float(PROFILE_EXAMPLES))


def model_allowance(model_seconds: float) -> float:
    """What a case's time grows by for a scenario the model took
    ``model_seconds`` over: a heavy scenario (big pushes to slow readers)
    takes a correct target a few times the model's time, more out of
    process, and the model slows down with the machine as the target does."""
    return MODEL_FACTOR * model_seconds


def run_allowance(run_seconds: Optional[float], model_seconds: float) -> Optional[float]:
    """The run's time: ``run_seconds`` (``--run-deadline``; ``None``: no
    bound), and ``RUN_MODEL_FACTOR`` times the ``model_seconds`` the model
    has taken so far in the run."""
    if run_seconds is None:
        return None
    return run_seconds + RUN_MODEL_FACTOR * model_seconds


@dataclass(frozen=True)
class CaseTime:
    """What a test of a case may spend in calls into the target: the case's
    ``seconds`` in all, its tests, examples and steps together, but never
    past ``ceiling`` (what the run has left, counted from what the case had
    spent; ``None``: no run deadline).  ``runs``: whether it starts at all."""

    seconds: float
    ceiling: Optional[float] = None
    runs: bool = True


def case_time(
    case_seconds: float,
    spent: float = 0.0,
    run_seconds: Optional[float] = None,
    run_elapsed: float = 0.0,
) -> CaseTime:
    """The time the next test of a case gets: ``case_seconds`` for the case
    (its earlier tests ``spent`` some of it), within the ``run_seconds`` left
    after ``run_elapsed`` (``None``: no run deadline).  A test is not
    started with less than ``LEAST_CASE_SECONDS`` of the run left: it is a
    ``timeout`` of the run's."""
    if run_seconds is None:
        return CaseTime(case_seconds)
    run_left = run_seconds - run_elapsed
    if run_left < LEAST_CASE_SECONDS:
        return CaseTime(case_seconds, spent, runs=False)
    return CaseTime(case_seconds, spent + run_left)
