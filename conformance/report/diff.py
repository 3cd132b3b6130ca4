"""What changes for a user's code between two runs (two results documents):
"I move from port A to port B; what behaves differently?"

Pure: two documents in, a ``Comparison`` out; ``report.diff_text`` and
``report.matrix`` render it.  Two kinds of change are found:

* behaviours, by rule: the runs' "what differs" records (``differences``)
  grouped by the rule they name, compared as record ids, statuses and
  whether the run found the difference (a record with witnessing cases);
  statuses are read as opaque words, so a new status needs no change here;
* cases whose verdict changes, with the one-line reason of each side.

An informational case is never judged: those whose observed behaviour
differs are kept apart and never make a comparison "changed".
"""

from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from ..core.verdicts import Verdict
from .reasons import one_line_reason

#: What a case is when a run does not have it.
NOT_RUN = "not run"
#: Verdicts that judge nothing that ran: an informational case that is
#: unimplemented or absent in the other run changes nothing judged.
_SILENT = (Verdict.INFORMATIONAL.value, Verdict.UNIMPLEMENTED.value, NOT_RUN)


@dataclass(frozen=True)
class Side:
    """One run, as a comparison names it."""

    target: str
    target_version: str
    python: str
    path: str

    @property
    def label(self) -> str:
        version = " %s" % self.target_version if self.target_version else ""
        return "%s%s (Python %s)" % (self.target, version, self.python)


@dataclass(frozen=True)
class Record:
    """One "what differs" record of one run."""

    id: str
    status: str
    reason: str
    #: The cases that witnessed the difference in that run (example cases,
    #: then the property cases whose drawn examples met it).
    cases: Tuple[str, ...]

    @property
    def found(self) -> bool:
        return bool(self.cases)


@dataclass(frozen=True)
class BehaviourChange:
    """A rule (or a whole case, for a case record) whose records differ."""

    #: A rule id, or a case id for a record of a whole case.
    rule: str
    kind: str
    #: What the rule says (a case record: the case's statement).
    sentence: str
    #: How it changes, in a few words ("recorded in the old run only", ...).
    change: str
    old: Tuple[Record, ...]
    new: Tuple[Record, ...]
    #: False for a rule where a port is free to differ (never judged).
    judged: bool


@dataclass(frozen=True)
class CaseChange:
    """A case whose verdict (or, if informational, whose observed behaviour) differs."""

    case: str
    statement: str
    old: str
    new: str
    old_reason: str
    new_reason: str


@dataclass(frozen=True)
class Comparison:
    old: Side
    new: Side
    behaviours: Tuple[BehaviourChange, ...]
    #: Cases whose verdict changes, but for those below.
    verdicts: Tuple[CaseChange, ...]
    #: Informational cases that observe something else, or that the other run
    #: lacks or cannot run (unimplemented there).
    informational: Tuple[CaseChange, ...]

    @property
    def changed(self) -> bool:
        """Whether any judged behaviour changes: the ``diff`` command's exit 1."""
        return bool(self.verdicts) or any(change.judged for change in self.behaviours)

    @property
    def exit_status(self) -> int:
        return 1 if self.changed else 0


def rule_of(record_id: str) -> str:
    """The rule a record names: a record id may carry a variant, ``rule/variant``."""
    return record_id.split("/", 1)[0]


def compare(
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    old_path: str = "OLD",
    new_path: str = "NEW",
    rules: Optional[Mapping[str, Any]] = None,
) -> Comparison:
    """Compare two results documents (already checked against the schema).
    ``rules``: rule id -> a rule with ``sentence`` and ``free`` (default: the
    reference's own rules)."""
    if rules is None:
        from asynchat_reference.rules import RULES

        rules = RULES
    old_cases = {case["id"]: case for case in old["cases"]}
    new_cases = {case["id"]: case for case in new["cases"]}
    statements = {
        case_id: str(case.get("statement") or "")
        for cases in (old_cases, new_cases)
        for case_id, case in cases.items()
    }
    verdicts, informational = _case_changes(old_cases, new_cases, statements)
    return Comparison(
        old=_side(old, old_path),
        new=_side(new, new_path),
        behaviours=tuple(_behaviour_changes(old, new, rules, statements)),
        verdicts=tuple(verdicts),
        informational=tuple(informational),
    )


def _side(document: Mapping[str, Any], path: str) -> Side:
    target, python = document["target"], document["python"]
    return Side(
        target=str(target["name"]),
        target_version=str(target.get("version") or ""),
        python=str(python["version"]),
        path=path,
    )


# -- behaviours -----------------------------------------------------------------------


def _record_id(item: Mapping[str, Any]) -> str:
    # Only a record's status is required; a hand-written file may say ``rule``.
    return str(item.get("id") or item.get("rule") or "")


def _records(document: Mapping[str, Any]) -> Dict[Tuple[str, str], List[Dict[str, Any]]]:
    """(kind, rule) -> the document's records of it."""
    found: Dict[Tuple[str, str], List[Dict[str, Any]]] = {}
    for item in document.get("differences") or []:
        kind = str(item.get("kind") or "rule")
        key = rule_of(_record_id(item)) if kind == "rule" else _record_id(item)
        found.setdefault((kind, key), []).append(item)
    return found


def _record(item: Mapping[str, Any]) -> Record:
    cases = list(item.get("cases") or []) + list(item.get("drawn_cases") or [])
    return Record(
        id=_record_id(item),
        status=str(item.get("status") or ""),
        reason=str(item.get("reason") or ""),
        cases=tuple(cases),
    )


def _behaviour_changes(
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    rules: Mapping[str, Any],
    statements: Mapping[str, str],
) -> List[BehaviourChange]:
    old_records, new_records = _records(old), _records(new)
    changes = []
    for kind, key in sorted(set(old_records) | set(new_records)):
        before = tuple(
            sorted((_record(i) for i in old_records.get((kind, key), [])), key=lambda r: r.id)
        )
        after = tuple(
            sorted((_record(i) for i in new_records.get((kind, key), [])), key=lambda r: r.id)
        )
        change = _how_it_changes(before, after)
        if change is None:
            continue
        rule = rules.get(key) if kind == "rule" else None
        given = next(
            (
                str(i.get("sentence") or "")
                for side in (old_records, new_records)
                for i in side.get((kind, key), [])
                if i.get("sentence")
            ),
            "",
        )
        sentence = (
            rule.sentence
            if rule is not None
            else (given or statements.get(key) or "the whole case")
        )
        changes.append(
            BehaviourChange(
                rule=key,
                kind=kind,
                sentence=sentence,
                change=change,
                old=before,
                new=after,
                judged=not (rule is not None and rule.free),
            )
        )
    return changes


def _how_it_changes(old: Sequence[Record], new: Sequence[Record]) -> Optional[str]:
    """How one rule's records change from one run to the other, or ``None``."""
    if not new:
        return "recorded in the old run only"
    if not old:
        return "recorded in the new run only"
    old_found, new_found = any(r.found for r in old), any(r.found for r in new)
    if old_found and not new_found:
        return "found in the old run only"
    if new_found and not old_found:
        return "found in the new run only"
    if [r.id for r in old] != [r.id for r in new]:
        return "recorded as another variant"
    if [r.status for r in old] != [r.status for r in new]:
        return "status changes"
    return None


# -- cases ----------------------------------------------------------------------------


def _case_changes(
    old: Mapping[str, Dict[str, Any]],
    new: Mapping[str, Dict[str, Any]],
    statements: Mapping[str, str],
) -> Tuple[List[CaseChange], List[CaseChange]]:
    verdicts: List[CaseChange] = []
    informational: List[CaseChange] = []
    for case_id in sorted(set(old) | set(new)):
        before, after = old.get(case_id), new.get(case_id)
        old_verdict = str(before["verdict"]) if before else NOT_RUN
        new_verdict = str(after["verdict"]) if after else NOT_RUN
        if (
            Verdict.INFORMATIONAL.value in (old_verdict, new_verdict)
            and old_verdict in _SILENT
            and new_verdict in _SILENT
        ):
            if old_verdict == new_verdict and _observed(before) == _observed(after):
                continue
            into = informational
        elif old_verdict == new_verdict:
            continue
        else:
            into = verdicts
        into.append(
            CaseChange(
                case=case_id,
                statement=statements.get(case_id, ""),
                old=old_verdict,
                new=new_verdict,
                old_reason=_reason(before),
                new_reason=_reason(after),
            )
        )
    return verdicts, informational


def _observed(case: Optional[Mapping[str, Any]]) -> Any:
    """What an informational case saw the target do: ``None`` when it
    behaved as the reference (a measured figure, which varies from run to
    run, is not an observation)."""
    if case is None:
        return None
    return (case.get("reproduction") or {}).get("observed")


def _reason(case: Optional[Mapping[str, Any]]) -> str:
    if case is None:
        return "the case is absent from this run's results"
    if case["verdict"] == Verdict.PASS:
        return ""
    return one_line_reason(dict(case), limit=160)
