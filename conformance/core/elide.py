"""Long byte strings in reports, shortened but still Python.

Scenarios can carry tens of kilobytes (``b'x' * 69999 + b'y'``); spelled
out, one reproduction line is 70,000 characters and a results file hundreds
of kilobytes.  ``elide()`` rewrites every long ``b'...'`` literal in a text
as an expression that evaluates to the same bytes -- runs of a repeated unit
as ``unit * count``, the rest as literals, joined with ``+`` -- so steps and
replay snippets stay short *and* runnable.  Data with no repetition in it
cannot be both, and is left as it is.
"""

import ast
import re
import zlib
from dataclasses import replace
from typing import Any, List, Tuple

#: A bytes literal as ``repr()`` writes one, not inside a word or a string.
_BYTES = re.compile(r"""(?<![\w'"\\])b(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")""")

#: Literals up to this many characters stay as they are.
LIMIT = 80
#: A repetition shorter than this many bytes is not worth a ``*``.
_MIN_RUN = 24
_MAX_UNIT = 16
_MAX_PERIOD = 4096
#: Positions tried before the rest is left as a literal (bounds the cost).
_BUDGET = 5000


def compact(data: bytes) -> str:
    """A Python expression equal to ``data``, short where ``data`` repeats."""
    pieces: List[Tuple[bytes, int]] = []  # (unit, count); count 0: a literal
    literal_start = index = 0
    size = len(data)
    budget = _BUDGET
    while index < size and budget:
        budget -= 1
        found = _run_at(data, index)
        if found is None:
            index += 1
            continue
        unit, count = found
        if literal_start < index:
            pieces.append((data[literal_start:index], 0))
        pieces.append((unit, count))
        index += len(unit) * count
        literal_start = index
    if literal_start < size or not pieces:  # the tail, or what the budget left
        pieces.append((data[literal_start:], 0))
    return " + ".join(
        repr(unit) if count == 0 else "%r * %d" % (unit, count) for unit, count in pieces
    )


def _run_at(data: bytes, index: int) -> Any:
    """The longest repetition of a short unit starting at ``index``, if it
    is long enough to be worth a ``*``."""
    best = None
    # Short units, and the distance to where the next bytes recur (a long unit).
    widths = list(range(1, _MAX_UNIT + 1))
    recur = data.find(data[index : index + _MAX_UNIT], index + 1, index + _MAX_PERIOD + _MAX_UNIT)
    if recur - index > _MAX_UNIT:
        widths.append(recur - index)
    for width in widths:
        unit = data[index : index + width]
        if len(unit) < width:
            break
        minimum = max(2, -(-_MIN_RUN // width))
        if not data.startswith(unit * minimum, index):
            continue
        low, high = minimum, minimum  # find the largest count by doubling, then bisecting
        while data.startswith(unit * (high * 2), index):
            low, high = high * 2, high * 2
        high = (len(data) - index) // width + 1
        while high - low > 1:
            middle = (low + high) // 2
            if data.startswith(unit * middle, index):
                low = middle
            else:
                high = middle
        if best is None or low * width > best[1] * len(best[0]):
            best = (unit, low)
    return best


def elide(text: str, limit: int = LIMIT) -> str:
    """``text`` with every bytes literal longer than ``limit`` characters
    rewritten by ``compact()`` when that makes it shorter."""
    if len(text) <= limit:
        return text

    def shorten(match: "re.Match[str]") -> str:
        literal = match.group(0)
        if len(literal) <= limit:
            return literal
        try:
            value = ast.literal_eval(literal)
        except (ValueError, SyntaxError):
            return literal
        if not isinstance(value, bytes) or len(zlib.compress(value, 1)) * 4 > len(value):
            return literal  # no repetition to speak of: compact() could not shorten it
        shorter = compact(value)
        return shorter if len(shorter) < len(literal) else literal

    return _BYTES.sub(shorten, text)


def elide_data(value: Any) -> Any:
    """``elide()`` applied to every string in a JSON-like value."""
    if isinstance(value, str):
        return elide(value)
    if isinstance(value, list):
        return [elide_data(item) for item in value]
    if isinstance(value, tuple):
        return tuple(elide_data(item) for item in value)
    if isinstance(value, dict):
        return {key: elide_data(item) for key, item in value.items()}
    return value


def elide_outcome(outcome: Any) -> Any:
    """A ``comparison.Outcome`` with its report and reproduction elided."""
    if not outcome.report and not outcome.details:
        return outcome
    return replace(
        outcome,
        report=elide(outcome.report) if outcome.report else outcome.report,
        details=elide_data(outcome.details),
    )
