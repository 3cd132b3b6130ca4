"""Re-running one scenario outside pytest, as failure reports suggest.

Above the layers (it loads a target in this process or in an agent), so
that the snippet a report prints runs for an out-of-process target too.
"""

from typing import Optional

from .core.caseinfo import CaseInfo
from .core.comparison import check
from .core.driver import LoadedTarget, load_local
from .core.elide import elide
from .core.scenario import Scenario
from .core.target import resolve
from .core.verdicts import Verdict
from .remote.proxy import load_remote

#: What a replay checks, as the header of its report says it: a comparison,
#: not a claim that the target conforms (the verdict line says whether it does).
STATEMENT = (
    "Replay of one scenario: the target's calls and output compared with the reference model's."
)


def replay(
    target: str,
    scenario: Scenario,
    view: str = "calls",
    seconds: Optional[float] = 5.0,
    target_python: Optional[str] = None,
    target_pythonpath: Optional[str] = None,
) -> bool:
    """Run ``scenario`` on the target named by ``target`` -- in this
    process, or in ``target_python`` (e.g. ``"python2.7"``) as
    ``--target-python`` runs it, importing from ``target_pythonpath`` first
    (as ``ASYNCHAT_TARGET_PYTHONPATH`` does); print the verdict and, unless
    it passed, the failure report.  Returns whether it passed."""
    info = CaseInfo("replay", STATEMENT, api="async_chat", view=view)
    loaded: LoadedTarget = (
        load_remote(resolve(target), target_python, target_pythonpath)
        if target_python
        else load_local(resolve(target))
    )
    try:
        outcome = check(loaded, info, scenario, seconds)
    finally:
        stop = getattr(getattr(loaded, "agent", None), "stop", None)
        if stop is not None:
            stop()
    if outcome.verdict == Verdict.PASS:
        print("verdict: pass -- the target behaves as the reference model on this scenario")
    else:
        print("verdict: %s" % outcome.verdict)
    if outcome.report:
        print(elide(outcome.report))
    return outcome.verdict == Verdict.PASS
