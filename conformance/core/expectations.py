"""Recorded deviations: where a target is known to differ, and why.

The format is one record per line, ``id: reason``, with ``#`` comment lines
and blank lines allowed -- short enough that a port keeps its own file in its
own repository and passes it with ``--deviations``.  The id names either

* a *rule* of the reference (``python -m asynchat_conformance list --rules``): the
  target is expected to differ wherever the model applies that rule.  Example
  cases that exercise it are strict expected failures (once none of them
  differs, the run fails: remove the record); property and stateful cases
  judge what happens before the rule applies and put the rest down to the
  record, so their verdict does not depend on the examples drawn; or
* a *case*, for a case that is not about one rule: the whole case is a strict
  expected failure.

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
from itertools import product
from typing import Callable, Dict, List, Optional, Sequence, Tuple

Deviations = Dict[str, str]
Version = Tuple[int, int]

_RECORD = re.compile(
    r"^(?P<case>[a-z0-9][a-z0-9.\-]*)\s*(?:\[(?P<when>[^\]]*)\]\s*)?:\s*(?P<reason>\S.*)$")
_CONDITION = re.compile(
    r"^(?P<subject>python)\s*(?P<op><=|>=|==|!=|<|>)\s*(?P<major>\d+)\.(?P<minor>\d+)$")
_OPERATORS: Dict[str, Callable[[Version, Version], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt,
    ">=": operator.ge, "==": operator.eq, "!=": operator.ne,
}
SUBJECTS = ("python",)

#: (subject, comparison, version)
Condition = Tuple[str, Callable[[Version, Version], bool], Version]


class ExpectationsError(Exception):
    """A deviations file that cannot be trusted; the message names the line."""


def _parse_conditions(text: str) -> Optional[List[Condition]]:
    conditions = []
    for part in text.split(","):
        match = _CONDITION.match(part.strip())
        if not match:
            return None
        version = (int(match.group("major")), int(match.group("minor")))
        conditions.append((match.group("subject"), _OPERATORS[match.group("op")], version))
    return conditions


def _holds(conditions: Sequence[Condition], run: Dict[str, Version]) -> bool:
    return all(compare(run[subject], version) for subject, compare, version in conditions)


def _overlap(first: Sequence[Condition], second: Sequence[Condition]) -> Optional[Dict[str, Version]]:
    """A run that satisfies both condition lists, if there is one.  Each
    condition changes its truth only at its version, so the versions named,
    and their neighbours, stand for every run."""
    candidates = []
    for subject in SUBJECTS:
        named = {version for s, _, version in list(first) + list(second) if s == subject}
        points = set()
        for major, minor in named:
            points |= {(major, minor), (major, minor + 1),
                       (major, minor - 1) if minor else (major - 1, 1 << 30)}
        candidates.append(sorted(points) or [(3, 0)])
    for values in product(*candidates):
        run = dict(zip(SUBJECTS, values))
        if _holds(first, run) and _holds(second, run):
            return run
    return None


def parse_deviations(text: str, source: str = "<string>",
                     python: Optional[Version] = None) -> Deviations:
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
                "%s:%d: expected 'id: reason' or 'id [python<3.N]: reason', got %r"
                % (source, number, raw))
        case = match.group("case")
        for other, earlier in seen.get(case, []):
            clash = _overlap(earlier, conditions)
            if clash is not None:
                named = [s for s in SUBJECTS if any(c[0] == s for c in earlier + conditions)]
                where = " to %s" % ", ".join(
                    "%s %d.%d" % ((s.capitalize(),) + clash[s]) for s in named) if named else ""
                raise ExpectationsError("%s:%d: case %r is recorded twice (line %d also applies%s)"
                                        % (source, number, case, other, where))
        seen.setdefault(case, []).append((number, conditions))
        if _holds(conditions, run):  # type: ignore[arg-type]
            records[case] = match.group("reason").strip()
    return records


def load_deviations(path: str) -> Deviations:
    """Read a deviations file (a built-in target's are package resources:
    ``Target.read_deviations``)."""
    try:
        with open(path, encoding="utf-8") as handle:
            return parse_deviations(handle.read(), path)
    except OSError as exc:
        raise ExpectationsError("cannot read deviations file %s: %s" % (path, exc.strerror)) from None
