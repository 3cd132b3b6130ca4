"""Recorded deviations: where a target is known to differ, and why.

The format is one record per line, ``id: reason``, with ``#`` comment lines
and blank lines allowed -- short enough that a port keeps its own file in its
own repository and passes it with ``--deviations``.  The id names either

* a *rule* of the reference (``python -m asynchat_conformance list --rules``),
  and the variant of it the port plays (``core.variants``):
  ``rule-id: reason`` when the rule has one variant,
  ``rule-id/variant-name: reason`` when it has several.  The model then runs
  with that variant and the target must match it exactly: the record
  excuses the deviation it describes and nothing more; or
* a *case*, for a case that is not about one rule: the whole case is an
  expected failure while it differs, an unexpected pass once it passes.

A record that holds only on some Pythons says so in brackets after the id:
``id [python<3.10]: reason``.  A condition is ``python``, an operator (``<``,
``<=``, ``>``, ``>=``, ``==``, ``!=``) and a ``major.minor`` version, judged
on the target's interpreter; several, separated by commas, must all hold
(``[python>=3.9, python<3.12]``).  A record whose condition does not hold is
left out.  An id may have several conditional records as long as no Python
satisfies two of them.
"""

import operator
import re
import sys
from dataclasses import dataclass
from itertools import product
from typing import AbstractSet, Callable, Dict, List, Optional, Sequence, Tuple

from .variants import Variant, variant_for

Deviations = Dict[str, str]
Version = Tuple[int, int]

_RECORD = re.compile(
    r"^(?P<case>[a-z0-9][a-z0-9.\-]*(?:/[a-z0-9][a-z0-9.\-]*)?)\s*(?:\[(?P<when>[^\]]*)\]\s*)?:\s*(?P<reason>\S.*)$"
)
_CONDITION = re.compile(
    r"^(?P<subject>python)\s*(?P<op><=|>=|==|!=|<|>)\s*(?P<major>\d+)\.(?P<minor>\d+)$"
)
#: A version comparison by its operator, for records' conditions and
#: targets' version ranges alike.
COMPARISONS: Dict[str, Callable[[Tuple[int, ...], Tuple[int, ...]], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}
SUBJECTS = ("python",)

#: (subject, comparison, version)
Condition = Tuple[str, Callable[[Tuple[int, ...], Tuple[int, ...]], bool], Version]


class ExpectationsError(Exception):
    """A deviations file that cannot be trusted; the message names the line."""


def _parse_conditions(text: str) -> Optional[List[Condition]]:
    conditions = []
    for part in text.split(","):
        match = _CONDITION.match(part.strip())
        if not match:
            return None
        version = (int(match.group("major")), int(match.group("minor")))
        conditions.append((match.group("subject"), COMPARISONS[match.group("op")], version))
    return conditions


def _holds(conditions: Sequence[Condition], run: Dict[str, Version]) -> bool:
    return all(compare(run[subject], version) for subject, compare, version in conditions)


def _overlap(
    first: Sequence[Condition], second: Sequence[Condition]
) -> Optional[Dict[str, Version]]:
    """A run that satisfies both condition lists, if there is one.  Each
    condition changes its truth only at its version, so the versions named,
    and their neighbours, stand for every run."""
    candidates = []
    for subject in SUBJECTS:
        named = {version for s, _, version in list(first) + list(second) if s == subject}
        points = set()
        for major, minor in named:
            points |= {
                (major, minor),
                (major, minor + 1),
                (major, minor - 1) if minor else (major - 1, 1 << 30),
            }
        candidates.append(sorted(points) or [(3, 0)])
    for values in product(*candidates):
        run = dict(zip(SUBJECTS, values))
        if _holds(first, run) and _holds(second, run):
            return run
    return None


def parse_deviations(
    text: str, source: str = "<string>", python: Optional[Version] = None
) -> Deviations:
    """The records of ``text`` that apply to a target on ``python``
    (``(major, minor)``; default: the running interpreter)."""
    run = {"python": tuple(sys.version_info[:2]) if python is None else tuple(python)}
    records: Deviations = {}
    seen: Dict[str, List[Tuple[int, List[Condition]]]] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _RECORD.match(line)
        conditions: Optional[List[Condition]] = []
        if match and match.group("when") is not None:
            conditions = _parse_conditions(match.group("when"))
        if not match or conditions is None:
            raise ExpectationsError(
                "%s:%d: expected 'id: reason', 'rule-id/variant: reason' or "
                "'id [python<3.N]: reason', got %r" % (source, number, raw)
            )
        case = match.group("case")
        subject = case.partition("/")[0]  # one rule plays one variant at a time
        for other, earlier in seen.get(subject, []):
            clash = _overlap(earlier, conditions)
            if clash is not None:
                named = [s for s in SUBJECTS if any(c[0] == s for c in earlier + conditions)]
                where = (
                    " to %s" % ", ".join("%s %d.%d" % ((s.capitalize(),) + clash[s]) for s in named)
                    if named
                    else ""
                )
                raise ExpectationsError(
                    "%s:%d: case %r is recorded twice (line %d also applies%s)"
                    % (source, number, subject, other, where)
                )
        seen.setdefault(subject, []).append((number, conditions))
        if _holds(conditions, run):  # type: ignore[arg-type]
            records[case] = match.group("reason").strip()
    return records


def load_deviations(path: str, python: Optional[Version] = None) -> Deviations:
    """Read a deviations file, its conditions judged on the target's
    ``python`` (default: this interpreter).  A built-in target's are package
    resources: ``Target.read_deviations``."""
    try:
        with open(path, encoding="utf-8") as handle:
            return parse_deviations(handle.read(), path, python)
    except OSError as exc:
        raise ExpectationsError(
            "cannot read deviations file %s: %s" % (path, exc.strerror)
        ) from None


@dataclass(frozen=True)
class Record:
    """One record that applies to this run."""

    #: The rule id or the case id.
    id: str
    reason: str
    #: Rule records: the variant the model plays for it.
    variant: Optional[Variant] = None

    @property
    def kind(self) -> str:
        return "case" if self.variant is None else "rule"

    @property
    def key(self) -> str:
        """How evidence names it: the rule (or case) id."""
        return self.id

    @property
    def variant_name(self) -> Optional[str]:
        return self.variant.name if self.variant is not None else None


@dataclass(frozen=True)
class Records:
    """The records of a run, resolved: rule records with their variants,
    case records by case id."""

    rules: Tuple[Record, ...] = ()
    cases: Tuple[str, ...] = ()
    case_reasons: Tuple[str, ...] = ()

    @property
    def variants(self) -> Tuple[Variant, ...]:
        return tuple(record.variant for record in self.rules if record.variant is not None)

    def all(self) -> List[Record]:
        """Every record, sorted by id."""
        found = list(self.rules) + [
            Record(case, reason) for case, reason in zip(self.cases, self.case_reasons)
        ]
        return sorted(found, key=lambda record: record.id)

    def reason(self, record_id: str) -> str:
        return next((r.reason for r in self.all() if r.id == record_id), "")


def merged(earlier: Deviations, later: Deviations) -> Deviations:
    """``later``'s records over ``earlier``'s: a record of a rule replaces
    every earlier record of that rule, whatever variant either names (a
    port's own file overrides a built-in one), so that one rule is played
    one way."""
    subjects = {key.partition("/")[0] for key in later}
    kept = {k: r for k, r in earlier.items() if k.partition("/")[0] not in subjects}
    kept.update(later)
    return kept


def resolve_records(
    deviations: Deviations, rule_ids: AbstractSet[str], case_ids: AbstractSet[str]
) -> Records:
    """``deviations`` (as parsed) resolved against the rules, their variants
    and the cases; an ``ExpectationsError`` that says what to do otherwise."""
    rules: List[Record] = []
    cases: List[Tuple[str, str]] = []
    unknown, unplayable = [], []
    for written, reason in sorted(deviations.items()):
        subject, _, name = written.partition("/")
        if subject in case_ids and not name:
            cases.append((subject, reason))
        elif subject in rule_ids:
            try:
                rules.append(Record(subject, reason, variant_for(subject, name or None)))
            except LookupError as exc:
                unplayable.append(str(exc))
        else:
            unknown.append(written)
    if unknown:
        raise ExpectationsError(
            "deviations name unknown ids: %s "
            "(rule ids: python -m asynchat_conformance list --rules; "
            "case ids: python -m asynchat_conformance list)" % ", ".join(unknown)
        )
    if unplayable:
        raise ExpectationsError("deviations: %s" % "; ".join(unplayable))
    return Records(tuple(rules), tuple(c for c, _ in cases), tuple(r for _, r in cases))
