"""Recorded deviations: the cases a target is known to fail, and why.

The format is one record per line, ``case-id: reason``, with ``#`` comment lines
and blank lines allowed -- short enough that a port keeps its own file in its
own repository and passes it with ``--deviations``.  A recorded deviation is a
strict expected failure: a case that starts passing fails the run, so records
never outlive the bug they describe.
"""

import re
from typing import Dict

Deviations = Dict[str, str]

_RECORD = re.compile(r"^(?P<case>[a-z0-9][a-z0-9.\-]*)\s*:\s*(?P<reason>\S.*)$")


class ExpectationsError(Exception):
    """A deviations file that cannot be trusted; the message names the line."""


def parse_deviations(text: str, source: str = "<string>") -> Deviations:
    records: Deviations = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _RECORD.match(line)
        if not match:
            raise ExpectationsError("%s:%d: expected 'case-id: reason', got %r" % (source, number, raw))
        case = match.group("case")
        if case in records:
            raise ExpectationsError("%s:%d: case %r is recorded twice" % (source, number, case))
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
