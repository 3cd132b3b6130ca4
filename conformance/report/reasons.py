"""One line that says why a case (a results entry) did not pass: for the
terminal, the JUnit file and the report alike."""

from itertools import zip_longest
from typing import Any, Dict, Optional, Tuple

from ..core.traces import runs_of
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
        wanted = runs_of([str(line) for line in expected])
        got = runs_of([str(line) for line in observed])
        for want, have in zip_longest(wanted, got):
            if want != have:
                return _shorten("expected %s; observed %s" % _both_counted(want, have), limit)
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


Run = Optional[Tuple[str, int]]


def _both_counted(want: Run, have: Run) -> Tuple[str, str]:
    """The first differing runs of the two sides, as words: repeats are
    counted on both sides or on neither, so that a line is never set
    against itself counted."""
    counting = any(run is not None and run[1] > 1 for run in (want, have))

    def words(run: Run) -> str:
        if run is None:
            return "nothing more"
        line, count = run
        if not counting:
            return line
        return "%s (%s)" % (line, "once" if count == 1 else "%d times" % count)

    return words(want), words(have)
