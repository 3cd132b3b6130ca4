"""Comparing a target's trace with the model's, and saying what differs in
terms a port maintainer can act on.

Traces are compared call for call first.  A case whose behaviour is about
messages rather than call granularity (``view="messages"``) accepts a
target whose calls differ but whose messages match, with the verdict
``non-strict``; anything else that differs is ``fail``.
"""

import difflib
from dataclasses import dataclass
from typing import List, Optional

from .case import CaseInfo
from .driver import run_on_target
from .model import expected_trace
from .scenario import Scenario
from .target import Target
from .trace import Trace

PASS = "pass"
NON_STRICT = "non-strict"
FAIL = "fail"


@dataclass(frozen=True)
class Outcome:
    verdict: str
    #: The failure report; for ``non-strict``, what differs in the calls.
    report: Optional[str] = None


def check(target: Target, info: CaseInfo, scenario: Scenario, seconds: Optional[float],
          model_scenario: Optional[Scenario] = None) -> Outcome:
    """Judge ``target`` on ``scenario``.

    ``model_scenario`` lets a case compare with the model run on another
    schedule of the same bytes (e.g. everything in one delivery), to show that
    the schedule does not matter.
    """
    expected = expected_trace(model_scenario or scenario)
    observed = run_on_target(target, scenario, seconds)
    if model_scenario is not None:
        # Different schedules legitimately split collected data differently:
        # only the messages can be compared.
        if expected.view("messages") == observed.view("messages"):
            return Outcome(PASS)
        return Outcome(FAIL, failure_report(target, info, scenario, expected, observed, "messages"))
    return compare(target, info, scenario, expected, observed)


def compare(target: Target, info: CaseInfo, scenario: Scenario, expected: Trace,
            observed: Trace) -> Outcome:
    if expected.view("calls") == observed.view("calls"):
        return Outcome(PASS)
    if info.view == "messages" and expected.view("messages") == observed.view("messages"):
        return Outcome(NON_STRICT, failure_report(target, info, scenario, expected, observed, "calls"))
    return Outcome(FAIL, failure_report(target, info, scenario, expected, observed, info.view))


def failure_report(target: Target, info: CaseInfo, scenario: Scenario,
                   expected: Trace, observed: Trace, view: str) -> str:
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
        "expected (reference model) '-' vs observed (target) '+', compared as %s:" % view,
    ]
    diff = difflib.Differ().compare(expected.render(view), observed.render(view))
    lines += ["  " + line for line in diff if not line.startswith("?")]
    lines += [
        "",
        "replay in Python:",
        "  from conformance.replay import replay",
        "  from conformance.scenario import *",
        "  replay(%r, %r, view=%r)" % (target.name, scenario, info.view),
    ]
    return "\n".join(lines)
