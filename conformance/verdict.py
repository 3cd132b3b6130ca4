"""Comparing a target's trace with the model's, and saying what differs in
terms a port maintainer can act on."""

import difflib
from typing import List, Optional

from .case import CaseInfo
from .driver import run_on_target
from .model import expected_trace
from .scenario import Scenario
from .target import Target
from .trace import Trace


def check(target: Target, info: CaseInfo, scenario: Scenario, seconds: Optional[float]) -> Optional[str]:
    """``None`` if ``target`` conforms on ``scenario``, else the failure report."""
    expected = expected_trace(scenario)
    observed = run_on_target(target, scenario, seconds)
    if expected.view(info.view) == observed.view(info.view):
        return None
    return failure_report(target, info, scenario, expected, observed)


def failure_report(target: Target, info: CaseInfo, scenario: Scenario,
                   expected: Trace, observed: Trace) -> str:
    lines: List[str] = [
        "[%s] %s" % (info.id, info.statement),
        "API: %s -- %s" % (info.api, info.reference),
        "target: %s -- %s" % (target.name, target.description),
        "",
        "reproduction:",
    ]
    lines += ["  %d. %s" % (n, line) for n, line in enumerate(scenario.describe().splitlines(), 1)]
    lines += [
        "",
        "expected (reference model) '-' vs observed (target) '+', compared as %s:" % info.view,
    ]
    diff = difflib.Differ().compare(expected.render(info.view), observed.render(info.view))
    lines += ["  " + line for line in diff if not line.startswith("?")]
    lines += [
        "",
        "replay in Python:",
        "  from conformance.replay import replay",
        "  from conformance.scenario import *",
        "  replay(%r, %r, view=%r)" % (target.name, scenario, info.view),
    ]
    return "\n".join(lines)
