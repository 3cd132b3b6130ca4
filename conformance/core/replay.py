"""Re-running one scenario outside pytest, as failure reports suggest."""

from typing import Optional

from .caseinfo import CaseInfo
from .comparison import check
from .driver import load_local
from .elide import elide
from .scenario import Scenario
from .target import resolve
from .verdicts import Verdict

#: What a replay checks, as the header of its report says it: a comparison,
#: not a claim that the target conforms (the verdict line says whether it does).
STATEMENT = "Replay of one scenario: the target's calls and output compared with the reference model's."


def replay(target: str, scenario: Scenario, view: str = "calls", seconds: Optional[float] = 5.0) -> bool:
    """Run ``scenario`` on the target named by ``target``; print the verdict
    and, unless it passed, the failure report.  Returns whether it passed."""
    info = CaseInfo("replay", STATEMENT, api="async_chat", view=view)
    outcome = check(load_local(resolve(target)), info, scenario, seconds)
    if outcome.verdict == Verdict.PASS:
        print("verdict: pass -- the target behaves as the reference model on this scenario")
    else:
        print("verdict: %s" % outcome.verdict)
    if outcome.report:
        print(elide(outcome.report))
    return outcome.verdict == Verdict.PASS
