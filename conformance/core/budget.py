"""How long a scenario may run: the run's bound on a target that hangs.

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
"""

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
