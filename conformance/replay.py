"""Re-running one scenario outside pytest, as failure reports suggest."""

from typing import Optional

from .case import CaseInfo
from .scenario import Scenario
from .driver import load_local
from .target import resolve
from .verdict import check


def replay(target: str, scenario: Scenario, view: str = "calls", seconds: Optional[float] = 5.0) -> bool:
    """Run ``scenario`` on the target named by ``target``; print the failure
    report, or that it conforms.  Returns whether it conforms."""
    info = CaseInfo("replay", "The target behaves as the reference model on this scenario.",
                    api="async_chat", view=view)
    outcome = check(load_local(resolve(target)), info, scenario, seconds)
    print("verdict: %s" % outcome.verdict)
    if outcome.report:
        print(outcome.report)
    return outcome.verdict == "pass"
