"""Judging one scenario: the target's trace against the model's, and a
report in terms a port maintainer can act on.

Traces are compared call for call first.  A case whose behaviour is about
messages rather than call granularity (``view="messages"``) accepts a
target whose calls differ but whose messages match, as ``non-strict``.  A
target that ran out of time or raised out of its loop gets ``timeout`` or
``crash`` whatever its trace; an informational case is never judged.
"""

import difflib
import time
from dataclasses import dataclass, field
from dataclasses import replace as dataclass_replace
from typing import AbstractSet, Any, Callable, Dict, FrozenSet, List, Optional, Union

from asynchat_reference.rules import RULES

from .caseinfo import CaseInfo
from .channel import Unsupported
from .driver import LoadedTarget as Target, run_on_target
from .model import expected_trace
from .scenario import Scenario
from .traces import COLLECT, SEND, Firing, Trace, merge_collects
from .verdicts import Verdict


class HarnessError(Exception):
    """The harness, not the target, failed (e.g. the model itself broke)."""


@dataclass(frozen=True)
class Outcome:
    verdict: Verdict
    #: The failure report; for ``non-strict`` and ``informational``, what differs.
    report: Optional[str] = None
    #: Machine-readable reproduction for results files.
    details: Dict[str, Any] = field(default_factory=dict)
    #: The rules the model applied in this example (``asynchat_reference.rules`` ids).
    exercised: FrozenSet[str] = frozenset()
    #: The recorded rule the difference is put down to, if any.
    explained_by: Optional[str] = None


def check(target: Target, info: CaseInfo, scenario: Scenario,
          seconds: Union[None, float, Callable[[float], float]],
          model_scenario: Optional[Scenario] = None,
          recorded: AbstractSet[str] = frozenset()) -> Outcome:
    """Judge ``target`` on ``scenario``; ``recorded`` holds the rule ids the
    target is recorded to deviate in.

    ``model_scenario`` lets a case compare with the model run on another
    schedule of the same bytes (e.g. everything in one delivery), to show that
    the schedule does not matter: then only messages can be compared.
    """
    if scenario.uses_simple_producer and target.simple_producer is None:
        raise Unsupported("the target has no simple_producer")
    model_started = time.monotonic()
    expected = expected_trace(model_scenario or scenario)
    # Rules fire where the bytes really arrived, so a recorded rule is placed
    # by the model on the target's own schedule.
    placed = expected_trace(scenario) if model_scenario is not None else None
    if callable(seconds):
        seconds = seconds(time.monotonic() - model_started)
    observed = run_on_target(target, scenario, seconds)
    return compare(target, info, scenario, expected, observed,
                   views=("messages",) if model_scenario is not None else None, recorded=recorded,
                   placed=placed)


def compare(target: Target, info: CaseInfo, scenario: Scenario, expected: Trace,
            observed: Trace, views: Optional[tuple] = None,
            recorded: AbstractSet[str] = frozenset(), placed: Optional[Trace] = None) -> Outcome:
    """The verdict of one example.

    Where the model applied a rule the target is recorded to break, the
    target may differ from that point on: only what came
    before it must match, and a difference after it is put down to that rule
    (``expected-failure``).  A difference before it is a ``fail`` like any.
    In a messages case, calls of other granularity whose messages differ
    only after such a rule are ``non-strict``, put down to the rule.
    ``placed`` is the model on the target's own schedule, where ``expected``
    ran on another one: the rules are placed, and the prefix compared, there.

    A judged case leaves out the zero-byte sends CPython offers for an empty
    block (rule ``queue.empty-block``, free): that much a port may do either
    way; informational cases show it.
    """
    if expected.incomplete:
        raise HarnessError("the reference model did not finish: %s" % expected.incomplete)
    if not info.informational:
        observed = without_empty_sends(observed)
    placed = placed or expected
    exercised = frozenset(firing.rule for firing in expected.rules + placed.rules)
    strict_view = (views or ("calls",))[0]
    explained_by = None
    if expected.view(strict_view) == observed.view(strict_view):
        verdict = Verdict.PASS
    elif views is None and info.view == "messages" and \
            expected.view("messages") == observed.view("messages"):
        verdict = Verdict.NON_STRICT
    else:
        verdict = Verdict.FAIL
    if verdict != Verdict.PASS and not observed.incomplete:
        firing = explaining(placed, observed, recorded, strict_view)
        if firing is not None:
            explained_by = firing.rule
            verdict = Verdict.EXPECTED_FAILURE
        elif verdict == Verdict.FAIL and views is None and info.view == "messages":
            # Other call granularity from the start, and other messages
            # after a recorded rule: both differences are the port's known
            # ones, so the worse of them -- non-strict -- is the verdict.
            firing = explaining(placed, observed, recorded, "messages")
            if firing is not None:
                explained_by = firing.rule
                verdict = Verdict.NON_STRICT
    if observed.incomplete:
        verdict = Verdict.TIMEOUT if observed.incomplete.startswith("timeout") else Verdict.CRASH
    if info.informational:
        if verdict == Verdict.PASS and explained_by is None:
            return Outcome(Verdict.INFORMATIONAL, "behaves as the reference", exercised=exercised)
        verdict = Verdict.INFORMATIONAL
    if verdict == Verdict.PASS:
        return Outcome(Verdict.PASS, exercised=exercised, explained_by=explained_by)
    shown = "calls" if verdict == Verdict.NON_STRICT else (views or (info.view,))[0]
    report = failure_report(target, info, scenario, expected, observed, shown)
    if explained_by is not None:
        report = "differs where rule %s applies (%s), as recorded\n\n%s" % (
            explained_by, RULES[explained_by].sentence, report)
    elif recorded & exercised and verdict == Verdict.FAIL:
        report = ("differs before any recorded rule applies, so no record explains it\n\n"
                  + report)
    return Outcome(verdict, report, reproduction(scenario, expected, observed, shown),
                   exercised=exercised, explained_by=explained_by)


def without_empty_sends(trace: Trace) -> Trace:
    """``trace`` without the ``send()`` calls that were offered no bytes."""
    calls = [call for call in trace.calls if not (call.name == SEND and call.value == 0)]
    return trace if len(calls) == len(trace.calls) else dataclass_replace(trace, calls=calls)


def explaining(expected: Trace, observed: Trace, recorded: AbstractSet[str],
               view: str) -> Optional[Firing]:
    """The firing of a recorded rule that explains where
    ``observed`` leaves ``expected``: the last one before which both still
    agree -- the closest to the difference -- or ``None`` if they already
    differ before the first."""
    found = None
    for firing in expected.rules:
        if firing.rule in recorded:
            if not same_before(expected, observed, firing, view):
                break
            found = firing
    return found


def same_before(expected: Trace, observed: Trace, firing: Firing, view: str) -> bool:
    """Whether ``observed`` matches ``expected`` up to ``firing``: the same
    calls before it, and the peer got the same bytes that were sent before it."""
    sent = firing.sent
    if observed.peer_received[:sent] != expected.peer_received[:sent]:
        return False
    before = expected.calls[:firing.calls]
    if view == "calls":
        return observed.calls[:firing.calls] == before
    wanted, got = merge_collects(before), merge_collects(observed.calls)
    if len(got) < len(wanted):
        return False
    if wanted and wanted[-1].name == COLLECT:  # the message may go on after the firing
        last = got[len(wanted) - 1]
        return got[:len(wanted) - 1] == wanted[:-1] and last.name == COLLECT \
            and last.value.startswith(wanted[-1].value)
    return got[:len(wanted)] == wanted


def reproduction(scenario: Scenario, expected: Trace, observed: Trace, view: str) -> Dict[str, Any]:
    return {
        "scenario": repr(scenario),
        "steps": scenario.describe().splitlines(),
        "view": view,
        "expected": expected.render(view),
        "observed": observed.render(view),
    }


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
        "  from asynchat_conformance import replay",
        "  from asynchat_conformance.core.scenario import *",
        "  replay(%r, %r, view=%r)" % (target.name, scenario, info.view),
    ]
    return "\n".join(lines)


def compare_values(target: Target, info: CaseInfo, checks: List[tuple]) -> Outcome:
    """Judge direct calls of a module-level helper: ``checks`` holds
    ``(call as Python text, expected value, observed value)``."""
    wrong = [(call, want, got) for call, want, got in checks if want != got]
    if not wrong:
        if info.informational:
            return Outcome(Verdict.INFORMATIONAL, "behaves as the reference")
        return Outcome(Verdict.PASS)
    lines = [
        "[%s] %s" % (info.id, info.statement),
        "API: %s -- %s" % (info.api, info.reference),
        "target: %s -- %s" % (target.name, target.description),
        "",
        "reproduction:",
    ]
    lines += ["  %s  ->  expected (reference model) %r, observed (target) %r" % case
              for case in wrong]
    details = {"calls": [call for call, _, _ in wrong],
               "expected": [repr(want) for _, want, _ in wrong],
               "observed": [repr(got) for _, _, got in wrong]}
    verdict = Verdict.INFORMATIONAL if info.informational else Verdict.FAIL
    return Outcome(verdict, "\n".join(lines), details)
