"""Judging one scenario: the target's trace against the model's, and a
report in terms a port maintainer can act on.

The model plays the recorded deviations (``core.variants``), and the
target must match it exactly; where a record matters, the model without it
tells whether its deviation showed (``judge.Evidence``).  The verdict that
follows from that is ``core.judge``'s.  Traces are compared call for call
first.  A case whose behaviour is about messages rather than call
granularity (``view="messages"``) accepts a target whose calls differ but
whose messages match, as ``non-strict``.  A target that ran out of time or
raised out of its loop gets ``timeout`` or ``crash`` whatever its trace; an
informational case is never judged.
"""

import difflib
import sys
import time
from dataclasses import replace as dataclass_replace
from typing import (
    Any,
    Callable,
    Dict,
    FrozenSet,
    List,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    Union,
)

from . import deadline as deadlines
from .caseinfo import CaseInfo
from .channel import Unsupported
from .driver import LoadedTarget as Target
from .driver import run_on_target
from .judge import Evidence, Outcome
from .model import expected_trace
from .scenario import Scenario
from .traces import SEND, TIMEOUT, Trace
from .variants import Variant
from .verdicts import Verdict


class HarnessError(Exception):
    """The harness, not the target, failed (e.g. the model itself broke)."""


#: The model run without these records' variants (the others kept).
Without = Callable[[Tuple[Variant, ...]], Trace]


def check(
    target: Target,
    info: CaseInfo,
    scenario: Scenario,
    seconds: Union[None, float, Callable[[float], float]],
    model_scenario: Optional[Scenario] = None,
    variants: Tuple[Variant, ...] = (),
    attribute: bool = True,
) -> Outcome:
    """Judge ``target`` on ``scenario`` against the model playing the
    recorded ``variants``.  ``seconds`` may be a function of the model's own
    time for the scenario (the run's deadline once a target has hung).

    ``model_scenario`` lets a case compare with the model run on another
    schedule of the same bytes (e.g. everything in one delivery), to show that
    the schedule does not matter: then only messages can be compared.
    ``attribute``: say which records showed even where the target matches
    (example cases); a mismatch is always attributed.
    """
    if scenario.uses_simple_producer and target.simple_producer is None:
        raise Unsupported("the target has no simple_producer")
    modelled = model_scenario or scenario
    model_started = time.monotonic()
    expected = expected_trace(modelled, variants)
    # Rules fire where the bytes really arrived: the rules of the target's
    # own schedule count as exercised too.
    placed = expected_trace(scenario, variants) if model_scenario is not None else None
    model_seconds = time.monotonic() - model_started
    deadlines.modelled(model_seconds)
    if callable(seconds):
        seconds = seconds(model_seconds)
    observed = run_on_target(target, scenario, seconds)

    def without(removed: Tuple[Variant, ...]) -> Trace:
        """The model without the ``removed`` variants."""
        return expected_trace(modelled, tuple(v for v in variants if v not in removed))

    return compare(
        target,
        info,
        scenario,
        expected,
        observed,
        views=("messages",) if model_scenario is not None else None,
        variants=variants,
        without=without,
        attribute=attribute,
        placed=placed,
    )


def compare(
    target: Target,
    info: CaseInfo,
    scenario: Scenario,
    expected: Trace,
    observed: Trace,
    views: Optional[Tuple[str, ...]] = None,
    variants: Sequence[Variant] = (),
    without: Optional[Without] = None,
    attribute: bool = True,
    placed: Optional[Trace] = None,
) -> Outcome:
    """The outcome of one example: ``observed`` against ``expected``, the
    model playing ``variants``, exactly; ``without(removed)`` is the model
    without some of them, which tells, per record that matters here, whether
    its deviation showed (``Evidence``).  ``placed``: the model on the target's
    own schedule, where ``expected`` ran on another one.

    A judged case leaves out the zero-byte sends CPython offers for an empty
    block (rule ``queue.empty-block``, free): that much a port may do either
    way; informational cases show it.
    """
    if expected.incomplete:
        raise HarnessError("the reference model did not finish: %s" % (expected.incomplete,))
    if not info.informational:
        observed = without_empty_sends(observed)
    exercised = frozenset(firing.rule for firing in expected.rules + (placed or expected).rules)
    exercised |= frozenset(info.rules)
    fired = [v for v in variants if v.rule in exercised]
    strict_view = (views or ("calls",))[0]
    judged_view = "messages" if views is not None or info.view == "messages" else "calls"
    if expected.view(strict_view) == observed.view(strict_view):
        verdict = Verdict.PASS
        if placed is not None and placed.view("calls") != observed.view("calls"):
            # The messages are the other schedule's; the calls are still
            # the model's on the target's own schedule, or non-strict.
            verdict = Verdict.NON_STRICT
    elif (
        views is None
        and info.view == "messages"
        and expected.view("messages") == observed.view("messages")
    ):
        verdict = Verdict.NON_STRICT
    else:
        verdict = Verdict.FAIL
    if (
        verdict == Verdict.FAIL
        and placed is not None
        and variants
        and not info.informational
        and placed.view("messages") != expected.view("messages")
        and placed.view("messages") == observed.view("messages")
    ):
        return _split_by_records(target, info, scenario, expected, observed, placed, exercised)
    evidence: Dict[str, Evidence] = {}
    alternatives: Dict[Variant, Trace] = {}
    if (
        variants
        and without is not None
        and not info.informational
        and (attribute or verdict != Verdict.PASS)
    ):
        alternatives = _alternatives(expected, variants, without, judged_view)
    # Listed before the diff: the records whose rule applied here, and any
    # that changes the model here without its rule firing.
    relevant = fired + [v for v in alternatives if v not in fired]
    if observed.incomplete:
        verdict = Verdict.TIMEOUT if observed.incomplete.kind == TIMEOUT else Verdict.CRASH
        evidence = {v.rule: Evidence.UNREACHED for v in relevant}
    elif alternatives and without is not None:
        evidence = _attribution(expected, observed, alternatives, without, judged_view)
    if info.informational:
        if verdict == Verdict.PASS:
            return Outcome(Verdict.INFORMATIONAL, "behaves as the reference", exercised=exercised)
        verdict = Verdict.INFORMATIONAL
    confirmed = [r for r, e in evidence.items() if e == Evidence.CONFIRMED]
    plain: Optional[Trace] = None
    if (
        verdict == Verdict.PASS
        and not confirmed
        and variants
        and without is not None
        and attribute
        and not info.informational
    ):
        # No one record accounts for a difference here; the records together
        # still may (two variants that each give the same behaviour).
        plain = without(tuple(variants))
        if plain.view(judged_view) == expected.view(judged_view):
            plain = None
    if verdict == Verdict.PASS and not confirmed and plain is None:
        return Outcome(Verdict.PASS, exercised=exercised, evidence=evidence)
    shown = "calls" if verdict == Verdict.NON_STRICT else (views or (info.view,))[0]
    against = placed if verdict == Verdict.NON_STRICT and placed is not None else expected
    if verdict == Verdict.PASS:  # the recorded deviation shows: how it differs from the reference
        if confirmed:
            against = next(t for v, t in alternatives.items() if v.rule == confirmed[0])
        elif plain is not None:
            against = plain
    report = failure_report(
        target,
        info,
        scenario,
        against,
        observed,
        shown,
        model="reference model"
        if against is not expected
        else "model with the recorded deviations"
        if relevant
        else "reference model",
    )
    preface = _evidence_preface(relevant, evidence)
    if plain is not None:
        preface = (
            "differs as the recorded deviations say together (%s), though no one of them "
            "alone does" % ", ".join("%s/%s" % (v.rule, v.name) for v in (relevant or variants))
        )
    if preface:
        report = preface + "\n\n" + report
    return Outcome(
        verdict,
        report,
        reproduction(scenario, against, observed, shown, _python_major(target)),
        exercised=exercised,
        evidence=evidence,
        stopped=str(observed.incomplete) if observed.incomplete else "",
        deviates=plain is not None,
    )


def _split_by_records(
    target: Target,
    info: CaseInfo,
    scenario: Scenario,
    expected: Trace,
    observed: Trace,
    placed: Trace,
    exercised: FrozenSet[str],
) -> Outcome:
    """A target whose messages depend on the schedule as the model's do with
    the recorded deviations (the model alone never does): what the records
    say, shown against the model on the other schedule.  Its calls are
    still the model's on the target's own schedule, or non-strict."""
    same_calls = placed.view("calls") == observed.view("calls")
    view, against = ("messages", expected) if same_calls else ("calls", placed)
    report = failure_report(target, info, scenario, against, observed, view)
    preface = (
        "differs as the recorded deviations say: with them the model's messages depend on "
        "how the bytes were split, and the target's are the model's on its own schedule"
    )
    return Outcome(
        Verdict.PASS if same_calls else Verdict.NON_STRICT,
        preface + "\n\n" + report,
        reproduction(scenario, against, observed, view),
        exercised=exercised,
        deviates=True,
    )


def _alternatives(
    expected: Trace, variants: Sequence[Variant], without: Without, view: str
) -> Dict[Variant, Trace]:
    """Per recorded variant that matters here, the model without it.  A
    variant matters where removing it changes the model's trace, whether or
    not it noted its rule: a variant may change a step of another rule."""
    found: Dict[Variant, Trace] = {}
    for variant in variants:
        alternative = _finished(without((variant,)))
        if alternative.view(view) != expected.view(view):
            found[variant] = alternative
    return found


def _attribution(
    expected: Trace,
    observed: Trace,
    alternatives: Mapping[Variant, Trace],
    without: Without,
    view: str,
) -> Dict[str, Evidence]:
    """What the target's trace says of each record that matters here.

    A record whose removal gives the target's trace exactly no longer holds
    (``reference``); the others are then judged against the model without
    that stale record, so that a record still in force is not blamed for
    the stale one's difference."""
    seen = observed.view(view)
    if seen == expected.view(view):
        return {variant.rule: Evidence.CONFIRMED for variant in alternatives}
    stale = tuple(v for v, alternative in alternatives.items() if alternative.view(view) == seen)
    evidence = {variant.rule: Evidence.REFERENCE for variant in stale}
    if not stale:
        return {variant.rule: Evidence.CONTRADICTED for variant in alternatives}
    base = alternatives[stale[0]] if len(stale) == 1 else _finished(without(stale))
    for variant in alternatives:
        if variant in stale:
            continue
        if base.view(view) != seen:
            evidence[variant.rule] = Evidence.CONTRADICTED
        elif _finished(without(stale + (variant,))).view(view) != seen:
            evidence[variant.rule] = Evidence.CONFIRMED
        # else: with the stale records gone, this one changes nothing here
    return evidence


def _finished(model: Trace) -> Trace:
    if model.incomplete:
        raise HarnessError("the reference model did not finish: %s" % (model.incomplete,))
    return model


def _evidence_preface(relevant: Sequence[Variant], evidence: Mapping[str, Evidence]) -> str:
    """What the records say here, in a line each, before the diff."""
    lines = []
    for variant in relevant:
        said = evidence.get(variant.rule)
        what = "%s/%s (%s)" % (variant.rule, variant.name, variant.statement)
        if said == Evidence.CONFIRMED:
            lines.append("differs as recorded: %s" % what)
        elif said == Evidence.REFERENCE:
            lines.append(
                "behaves as the reference where %s applies: that record no longer "
                "holds here, remove it" % variant.rule
            )
        elif said == Evidence.CONTRADICTED:
            lines.append(
                "no longer looks as recorded: %s -- the target matches neither the "
                "model with that deviation nor the one without it" % what
            )
        elif said is None:
            lines.append("judged with the recorded deviation %s" % what)
    return "\n".join(lines)


def without_empty_sends(trace: Trace) -> Trace:
    """``trace`` without the ``send()`` calls that were offered no bytes."""
    calls = [call for call in trace.calls if not (call.name == SEND and call.value == 0)]
    return trace if len(calls) == len(trace.calls) else dataclass_replace(trace, calls=calls)


def reproduction(
    scenario: Scenario, expected: Trace, observed: Trace, view: str, python: int = 3
) -> Dict[str, Any]:
    return {
        "scenario": repr(scenario),
        "steps": scenario.describe().splitlines(),
        "view": view,
        "expected": expected.render(view, python),
        "observed": observed.render(view, python),
    }


def failure_report(
    target: Target,
    info: CaseInfo,
    scenario: Scenario,
    expected: Trace,
    observed: Trace,
    view: str,
    model: str = "reference model",
) -> str:
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
        "expected (%s) '-' vs observed (target) '+', compared as %s:" % (model, view),
    ]
    python = _python_major(target)
    diff = difflib.Differ().compare(expected.render(view, python), observed.render(view, python))
    lines += ["  " + line for line in diff if not line.startswith("?")]
    lines += [
        "",
        # Flush left, unlike the rest: the lines run as pasted into python.
        "replay in Python:",
        "from asynchat_conformance import replay",
        "from asynchat_conformance.core.scenario import *",
        "replay(%r, %r, view=%r%s)" % (target.name, scenario, info.view, _where_it_ran(target)),
    ]
    return "\n".join(lines)


def _python_major(target: Target) -> int:
    """The major version of the target's Python (an agent's, out of process):
    the exception names of a report are spoken as it raises them."""
    python = getattr(target, "python", None)
    if isinstance(python, dict):
        return int(str(python["version"]).split(".")[0])
    return sys.version_info[0]


def _where_it_ran(target: Target) -> str:
    """The replay arguments for a target run out of process: its interpreter,
    and where that interpreter found the target's packages, if not on its own."""
    python = getattr(target, "python", None)
    if not isinstance(python, dict):
        return ""
    where = ", target_python=%r" % python["executable"]
    pythonpath = getattr(target, "pythonpath", None)
    return where + (", target_pythonpath=%r" % pythonpath if pythonpath else "")


def compare_values(target: Target, info: CaseInfo, checks: List[Tuple[str, Any, Any]]) -> Outcome:
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
    lines += [
        "  %s  ->  expected (reference model) %r, observed (target) %r" % case for case in wrong
    ]
    details = {
        "calls": [call for call, _, _ in wrong],
        "expected": [repr(want) for _, want, _ in wrong],
        "observed": [repr(got) for _, _, got in wrong],
    }
    verdict = Verdict.INFORMATIONAL if info.informational else Verdict.FAIL
    return Outcome(verdict, "\n".join(lines), details)
