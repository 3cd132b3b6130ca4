"""Recorded deviations: the cases a target is known to fail, and why.

The format is one record per line, ``case-id: reason``, with ``#`` comment lines
and blank lines allowed -- short enough that a port keeps its own file in its
own repository and passes it with ``--deviations``.  A recorded deviation is a
strict expected failure: a case that starts passing fails the run, so records
never outlive the bug they describe.

A record that holds only on some Pythons names them in brackets after the
case id: ``case-id [python<3.10]: reason``.  The condition is ``python``, an
operator (``<``, ``<=``, ``>``, ``>=``, ``==``, ``!=``) and a ``major.minor``
version; several, separated by commas, must all hold
(``[python>=3.9, python<3.12]``).  A record whose condition does not hold on
the running interpreter is left out.  A case may have several conditional
records as long as no Python satisfies two of them.
"""

import operator
import re
import sys
from typing import Callable, Dict, List, Optional, Sequence, Tuple

Deviations = Dict[str, str]
Version = Tuple[int, int]

_RECORD = re.compile(
    r"^(?P<case>[a-z0-9][a-z0-9.\-]*)\s*(?:\[(?P<when>[^\]]*)\]\s*)?:\s*(?P<reason>\S.*)$")
_CONDITION = re.compile(r"^python\s*(?P<op><=|>=|==|!=|<|>)\s*(?P<major>\d+)\.(?P<minor>\d+)$")
_OPERATORS: Dict[str, Callable[[Version, Version], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt,
    ">=": operator.ge, "==": operator.eq, "!=": operator.ne,
}
#: The Pythons on which two records of one case are checked not to overlap.
_CHECKED_VERSIONS = [(major, minor) for major in (3, 2, 4) for minor in range(100)]

Condition = Tuple[Callable[[Version, Version], bool], Version]


class ExpectationsError(Exception):
    """A deviations file that cannot be trusted; the message names the line."""


def _parse_conditions(text: str) -> Optional[List[Condition]]:
    conditions = []
    for part in text.split(","):
        match = _CONDITION.match(part.strip())
        if not match:
            return None
        version = (int(match.group("major")), int(match.group("minor")))
        conditions.append((_OPERATORS[match.group("op")], version))
    return conditions


def _holds(conditions: Sequence[Condition], python: Version) -> bool:
    return all(compare(python, version) for compare, version in conditions)


def parse_deviations(text: str, source: str = "<string>",
                     python: Optional[Version] = None) -> Deviations:
    """The records of ``text`` that apply on ``python`` (``major, minor``;
    default: the running interpreter)."""
    python = tuple(sys.version_info[:2]) if python is None else tuple(python)  # type: ignore[assignment]
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
                "%s:%d: expected 'case-id: reason' or 'case-id [python<3.N]: reason', got %r"
                % (source, number, raw))
        case = match.group("case")
        for other, earlier in seen.get(case, []):
            clash = next((v for v in _CHECKED_VERSIONS
                          if _holds(earlier, v) and _holds(conditions, v)), None)
            if clash is not None:
                where = " to Python %d.%d" % clash if earlier or conditions else ""
                raise ExpectationsError("%s:%d: case %r is recorded twice (line %d also applies%s)"
                                        % (source, number, case, other, where))
        seen.setdefault(case, []).append((number, conditions))
        if _holds(conditions, python):  # type: ignore[arg-type]
            records[case] = match.group("reason").strip()
    return records


def load_deviations(path: str) -> Deviations:
    """Read a deviations file; a relative path is taken from ``targets/``."""
    import os

    if not os.path.isabs(path) and not os.path.exists(path):
        import targets

        path = os.path.join(os.path.dirname(targets.__file__), path)
    try:
        with open(path, encoding="utf-8") as handle:
            return parse_deviations(handle.read(), path)
    except OSError as exc:
        raise ExpectationsError("cannot read deviations file %s: %s" % (path, exc.strerror)) from None
