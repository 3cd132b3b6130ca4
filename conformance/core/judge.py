"""Verdicts, decided once: an example's, a case's, the run's "what differs"
list and its exit status, each from plain data and the options.

The comparison (``core.comparison``) says what happened in one example: how
the target's trace compares with the model's run with the recorded
variants, and, per record, whether that record's deviation showed there.
Everything here is a pure function of such outcomes, the records and
``--strict``, so the verdict table of README is this module and nothing
else; pytest only carries the outcomes and maps the final verdict to a
pytest outcome at its edge.
"""

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Dict, FrozenSet, Iterable, List, Literal, Mapping, Optional, Sequence, Set

from .caseinfo import CaseInfo
from .expectations import Records
from .verdicts import ExitStatus, Verdict


class Evidence(str, Enum):
    """What one example says about one record whose variant mattered there
    (the model with it and without it differ)."""

    #: The target matched the model with the record's variant.
    CONFIRMED = "confirmed"
    #: The target matched the model without it: the record no longer holds there.
    REFERENCE = "reference"
    #: The target matched neither: it no longer deviates as recorded.
    CONTRADICTED = "contradicted"
    #: The target timed out or crashed before it could say.
    UNREACHED = "unreached"

    def __str__(self) -> str:
        return self.value


class Status(str, Enum):
    """What a run says of one record."""

    #: An example case witnessed the recorded deviation.
    EXPECTED = "expected"
    #: Witnesses differ otherwise than recorded and none confirms it.
    CHANGED = "changed"
    #: A witness ran to where the record matters and behaved as the reference.
    REMOVE_RECORD = "remove-record"
    #: No example case ran to where the record matters.
    NOT_EXERCISED = "not-exercised"

    def __str__(self) -> str:
        return self.value

    @property
    def fails_run(self) -> bool:
        return self in (Status.CHANGED, Status.REMOVE_RECORD)


@dataclass(frozen=True)
class Outcome:
    """One judged example, as plain data.

    ``verdict`` is the comparison's alone, against the model with the
    recorded variants: ``pass``, ``non-strict``, ``fail``, ``timeout``,
    ``crash``, ``informational`` (or what a hand-judged case says); records
    turn it into the example's verdict in :func:`judge_example`."""

    verdict: Verdict
    #: The failure report; for ``non-strict`` and ``informational``, what differs.
    report: Optional[str] = None
    #: Machine-readable reproduction for results files.
    details: Dict[str, Any] = field(default_factory=dict)
    #: The rules the model applied in this example (``asynchat_reference.rules`` ids).
    exercised: FrozenSet[str] = frozenset()
    #: Record id -> what this example says of it (only records that mattered here).
    evidence: Mapping[str, Evidence] = field(default_factory=dict)
    #: For a timeout or a crash: where the run stopped, in one line.
    stopped: str = ""
    #: The recorded deviations together make the model differ from the
    #: reference here, though no one of them does alone (or none fired its
    #: rule): the example shows recorded behaviour all the same.
    deviates: bool = False


def judge_example(
    info: Optional[CaseInfo], outcome: Outcome, records: Records, strict: bool, drawn: bool
) -> Verdict:
    """The verdict of one example, from its outcome and the records.

    A case-id record makes the whole case an expected failure while it
    differs and an unexpected pass once it passes.  A rule record's
    deviation, shown where it matters, is an expected failure in an example
    case and a pass in a drawn example (which examples meet it depends on
    the draw; the verdict must not).  A target that behaves as the
    reference where a record says it differs is an unexpected pass in an
    example case: the record must go."""
    verdict = Verdict(outcome.verdict)
    if verdict in (Verdict.TIMEOUT, Verdict.CRASH, Verdict.HARNESS_ERROR, Verdict.UNIMPLEMENTED):
        return verdict
    if verdict == Verdict.INFORMATIONAL or (info is not None and info.informational):
        return Verdict.INFORMATIONAL
    if info is not None and info.id in records.cases:
        return Verdict.UNEXPECTED_PASS if verdict == Verdict.PASS else Verdict.EXPECTED_FAILURE
    shown = set(outcome.evidence.values())
    if verdict == Verdict.FAIL:
        if Evidence.REFERENCE in shown and Evidence.CONTRADICTED not in shown:
            return Verdict.PASS if drawn else Verdict.UNEXPECTED_PASS
        return Verdict.FAIL
    if verdict == Verdict.NON_STRICT:
        return Verdict.FAIL if strict else Verdict.NON_STRICT
    if verdict == Verdict.PASS and (Evidence.CONFIRMED in shown or outcome.deviates) and not drawn:
        return Verdict.EXPECTED_FAILURE
    return verdict


class Raised(str, Enum):
    """What a test of a case raised, as the test runner saw it."""

    #: The case deadline expired.
    DEADLINE = "deadline"
    #: An assertion, or the failure the runner raises for a judged example.
    FAILED = "failed"
    #: An exception out of the harness's own code.
    HARNESS = "harness"
    #: An exception out of the target's code.
    TARGET = "target"
    #: The process running the test died before the test could report.
    DIED = "died"

    def __str__(self) -> str:
        return self.value


def verdict_from_ending(
    phase: str,
    skipped: bool,
    raised: Optional[Raised],
    kept: Optional[Verdict] = None,
    judged: Optional[Verdict] = None,
) -> Optional[Verdict]:
    """The verdict of one test of a case from how it ended: ``kept`` is the
    verdict of the example whose report the test keeps, ``judged`` the
    verdict of its judged examples together.  ``None``: that phase says
    nothing (a setup or teardown that went well).

    A process that died under the test is a crash.  A skip is an optional
    API the target lacks.  Outside the test's call
    only the harness can fail, unless the deadline expired there.  A call
    that ran out of time is a timeout whatever was judged before; one that
    failed keeps the failing verdict its example was judged to, else says
    what raised; one that passed is what its examples were judged to."""
    if raised == Raised.DIED:
        return Verdict.CRASH
    if skipped:
        return Verdict.UNIMPLEMENTED
    if phase != "call":
        if raised is None:
            return None
        return Verdict.TIMEOUT if raised == Raised.DEADLINE else Verdict.HARNESS_ERROR
    if raised == Raised.DEADLINE:
        return Verdict.TIMEOUT
    if raised is not None:
        if kept is not None and kept.fails_run:
            return kept
        return _RAISED_VERDICTS[raised]
    return judged or kept or Verdict.PASS


_RAISED_VERDICTS = {
    Raised.FAILED: Verdict.FAIL,
    Raised.HARNESS: Verdict.HARNESS_ERROR,
    Raised.TARGET: Verdict.CRASH,
}


@dataclass(frozen=True)
class ItemOutcome:
    """What one pytest test of a case (one parametrized example, or every
    example Hypothesis drew) carries to the run: plain data."""

    verdict: Verdict
    drawn: bool = False
    exercised: FrozenSet[str] = frozenset()
    #: Record id -> every kind of evidence its examples gave.
    evidence: Mapping[str, FrozenSet[Evidence]] = field(default_factory=dict)
    #: Why, for evidence ``unreached``: the verdict and where.
    unreached_why: str = ""


@dataclass(frozen=True)
class CaseVerdict:
    id: str
    verdict: Verdict
    drawn: bool
    exercised: FrozenSet[str]
    evidence: Mapping[str, FrozenSet[Evidence]]
    unreached_why: str = ""
    #: The index, among the case's tests, of the one whose verdict is the
    #: case's: its reason and reproduction are the case's.
    deciding: int = 0


def deciding_example(verdicts: Sequence[Verdict], recorded_case: bool = False) -> int:
    """The index of the example that decides a case: the first of the
    worst; in a case recorded as a whole, an example that still differs
    keeps the whole case an expected failure, so an unexpected pass decides
    only where none differs."""
    still_differs = recorded_case and Verdict.EXPECTED_FAILURE in verdicts
    candidates = [
        index
        for index, verdict in enumerate(verdicts)
        if not (still_differs and verdict == Verdict.UNEXPECTED_PASS)
    ]
    return min(candidates, key=lambda index: verdicts[index].rank)


def case_verdict(verdicts: Sequence[Verdict], recorded_case: bool = False) -> Verdict:
    """The verdict of the example that decides the case (:func:`deciding_example`)."""
    return verdicts[deciding_example(verdicts, recorded_case)]


def judge_case(case_id: str, tests: Sequence[ItemOutcome], records: Records) -> CaseVerdict:
    """A case's verdict, the test that decides it, and what the case
    witnessed, from its tests' outcomes.  A case recorded as a whole says
    nothing of rule records: it differs for reasons no rule record
    describes, so it neither confirms nor contradicts one."""
    evidence: Dict[str, Set[Evidence]] = {}
    for test in tests if case_id not in records.cases else ():
        for record, kinds in test.evidence.items():
            evidence.setdefault(record, set()).update(kinds)
    exercised = frozenset().union(*(t.exercised for t in tests)) if tests else frozenset()
    verdicts = [t.verdict for t in tests]
    deciding = deciding_example(verdicts, case_id in records.cases)
    return CaseVerdict(
        id=case_id,
        verdict=verdicts[deciding],
        drawn=any(t.drawn for t in tests),
        exercised=exercised,
        evidence={record: frozenset(kinds) for record, kinds in evidence.items()},
        unreached_why="; ".join(sorted({t.unreached_why for t in tests if t.unreached_why})),
        deciding=deciding,
    )


@dataclass(frozen=True)
class RecordState:
    """One record as the run saw it: the "what differs" list's entry."""

    id: str
    kind: Literal["rule", "case"]
    variant: Optional[str]
    status: Status
    #: Example cases that confirmed it.
    cases: List[str]
    #: Property cases whose drawn examples met its rule.
    drawn_cases: Optional[List[str]]
    #: Example cases where it no longer looks as recorded: the target matched
    #: neither the model with its variant nor the one without.
    changed_in: List[str]
    #: Why a record is not exercised, when a witness timed out or crashed.
    why: str = ""
    #: Example cases that behaved as the reference where it matters: there
    #: it no longer holds.
    reference_in: List[str] = field(default_factory=list)


def what_differs(records: Records, cases: Iterable[CaseVerdict]) -> List[RecordState]:
    """Per record: does it still hold?  Computed once the run is over, from
    the cases' verdicts and evidence; it changes nothing."""
    cases = list(cases)
    found = []
    for record in records.all():
        if record.kind == "case":
            found.append(_case_record_state(record.id, [c for c in cases if c.id == record.id]))
            continue
        key = record.key
        confirmed = _having(cases, key, Evidence.CONFIRMED, drawn=False)
        # Where it changed, named by example cases only: a drawn example is
        # not reproducible by a case id (drawn_cases names its case).
        contradicted = _having(cases, key, Evidence.CONTRADICTED, drawn=False)
        reference = _having(cases, key, Evidence.REFERENCE, drawn=False)
        unreached = [
            c for c in cases if Evidence.UNREACHED in c.evidence.get(key, ()) and not c.drawn
        ]
        drawn = sorted(
            c.id for c in cases if c.drawn and (record.id in c.exercised or c.evidence.get(key))
        )
        why = ""
        if confirmed:
            status = Status.EXPECTED
        elif contradicted or _having(cases, key, Evidence.CONTRADICTED, drawn=True):
            status = Status.CHANGED
        elif reference:
            status = Status.REMOVE_RECORD
        else:
            status = Status.NOT_EXERCISED
            why = _not_exercised_why(record.id, key, unreached, cases)
        found.append(
            RecordState(
                record.id,
                "rule",
                record.variant_name,
                status,
                confirmed,
                drawn,
                contradicted,
                why,
                reference,
            )
        )
    return found


def _having(
    cases: List[CaseVerdict], key: str, kind: Evidence, drawn: Optional[bool] = None
) -> List[str]:
    """The ids of the cases that gave this evidence for a record's key
    (only drawn, or only example, cases when ``drawn`` says which)."""
    return sorted(
        c.id
        for c in cases
        if kind in c.evidence.get(key, ()) and (drawn is None or c.drawn == drawn)
    )


def _not_exercised_why(
    rule: str, key: str, unreached: List[CaseVerdict], cases: List[CaseVerdict]
) -> str:
    """Why no example case told whether a record holds: its witnesses
    stopped first, the port's other records already give the same behaviour
    where the rule applies, or no example case of the run applied it."""
    if unreached:
        return "; ".join("%s: %s" % (c.id, c.unreached_why or c.verdict) for c in unreached)
    masked = sorted(
        c.id for c in cases if not c.drawn and rule in c.exercised and not c.evidence.get(key)
    )
    if masked:
        return (
            "its rule applies in %s, where the other records already give the same "
            "behaviour" % ", ".join(masked)
        )
    return "no example case of this run applied its rule"


def _case_record_state(case_id: str, ran: List[CaseVerdict]) -> RecordState:
    verdict = ran[0].verdict if ran else None
    why = ""
    if verdict == Verdict.EXPECTED_FAILURE:
        status = Status.EXPECTED
    elif verdict == Verdict.UNEXPECTED_PASS:
        status = Status.REMOVE_RECORD
    else:
        status = Status.NOT_EXERCISED
        if verdict is not None:
            why = "%s: %s" % (case_id, ran[0].unreached_why or verdict)
    return RecordState(
        case_id,
        "case",
        None,
        status,
        [case_id] if status == Status.EXPECTED else [],
        None,
        [],
        why,
        [case_id] if status == Status.REMOVE_RECORD else [],
    )


def exit_status(verdicts: Sequence[Verdict], states: Sequence[RecordState]) -> Optional[ExitStatus]:
    """The gate: ``None`` when no case reported (pytest's own status stands)."""
    if not verdicts:
        return None
    if Verdict.HARNESS_ERROR in verdicts:
        return ExitStatus.HARNESS_ERROR
    if any(v.fails_run for v in verdicts) or any(s.status.fails_run for s in states):
        return ExitStatus.DOES_NOT_CONFORM
    if not any(v.ran for v in verdicts):
        return ExitStatus.NOTHING_RAN
    return ExitStatus.CONFORMS
