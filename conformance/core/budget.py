"""How long a scenario may run: the run's bound on a target that hangs.

A case that times out costs its whole deadline, so a target that hangs in
every case would cost one ``--case-deadline`` per case (minutes).  The run
therefore keeps the full deadline until the target has already timed out
``FULL_DEADLINE_TIMEOUTS`` times in this process (one xdist worker), and
from then on gives each scenario ``SHORT_DEADLINE`` seconds at most.

Why a correct target never meets the short deadline: the count only grows
with timeouts, and a correct target never times out, so it is judged with
the full deadline throughout.  The short deadline is still far above what
any scenario of the suite takes on a correct target (milliseconds; well
under a second on a loaded machine), so a hanging target's other cases keep
the verdicts they would have had -- only a hang ends sooner.  The count
depends on the run's order and draw, so the short deadline must never be
what decides between a pass and a fail: it is long enough for that not to
happen, and a timeout under it says so in its reason.
"""

#: Timeouts at the full deadline before later scenarios get the short one.
FULL_DEADLINE_TIMEOUTS = 3
#: The most a scenario may take once the target has hung that often.
SHORT_DEADLINE = 0.5


def deadline_for(configured: float, timeouts: int) -> float:
    """Seconds the next scenario may take: ``configured`` (``--case-deadline``)
    until ``timeouts`` -- the target's timeouts so far in this process --
    reaches ``FULL_DEADLINE_TIMEOUTS``, then ``SHORT_DEADLINE`` (never more
    than ``configured``)."""
    if timeouts < FULL_DEADLINE_TIMEOUTS:
        return configured
    return min(configured, SHORT_DEADLINE)


def shortened(configured: float, seconds: float) -> bool:
    """Whether ``seconds`` is a deadline the run shortened from ``configured``."""
    return seconds < configured
