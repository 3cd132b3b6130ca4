"""Text from a results file in Markdown: escaped, on one line, safe also
inside a table cell.  The report's summary and the ``diff`` command both
write Markdown."""

import re
from typing import Any


def md_text(text: Any) -> str:
    """Plain text in Markdown (also inside a table cell)."""
    text = re.sub(r"([\\`*\[\]<>|~])", r"\\\1", _one_line(str(text)))
    # An underscore inside a word never emphasises; only one at a word's edge.
    return re.sub(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])", r"\\_", text)


def md_code(text: Any) -> str:
    """Text as inline code, fenced with more backticks than it holds."""
    text = _one_line(str(text)).replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return "%s%s%s%s%s" % (fence, pad, text, pad, fence)


def _one_line(text: str) -> str:
    return " ".join(text.split())
