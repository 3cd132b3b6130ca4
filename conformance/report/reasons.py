"""One line that says why a case (a results entry) did not pass: for the
terminal, the JUnit file and the report alike."""

from itertools import zip_longest
from typing import Any, Dict

from ..core.verdicts import Verdict


def one_line_reason(case: Dict[str, Any], limit: int = 200) -> str:
    """The gist of why a case (a results entry) did not pass, on one line."""
    repro = case.get("reproduction") or {}
    expected, observed = repro.get("expected"), repro.get("observed")
    if isinstance(observed, list) and case.get("verdict") in (Verdict.TIMEOUT, Verdict.CRASH):
        for line in observed:
            if str(line).startswith("INCOMPLETE: "):
                return _shorten(str(line)[len("INCOMPLETE: ") :], limit)
    reason = str(case.get("reason") or "")
    if (
        case.get("verdict") in (Verdict.EXPECTED_FAILURE, Verdict.UNEXPECTED_PASS)
        and reason.strip()
        and not reason.startswith("[")
    ):
        # About a record, not the diff: the reason's first line says which.
        return _shorten(reason.strip().splitlines()[0], limit)
    if isinstance(expected, list) and isinstance(observed, list) and expected != observed:
        for want, got in zip_longest(expected, observed):
            if want != got:
                text = "expected %s; observed %s" % (
                    "nothing more" if want is None else want,
                    "nothing more" if got is None else got,
                )
                return _shorten(text, limit)
    lines = [line.strip() for line in str(case.get("reason") or "").splitlines() if line.strip()]
    header = "[%s]" % case.get("id")
    if lines and lines[0].startswith(header):
        rest = lines[0][len(header) :].strip()
        lines = (
            lines[1:]
            if len(lines) > 1 and not rest.startswith(("timeout", "crash"))
            else [rest] + lines[1:]
        )
    return _shorten(lines[0], limit) if lines else "no reason recorded"


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
