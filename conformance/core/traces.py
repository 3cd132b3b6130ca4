"""Traces: what a channel observably did, as plain data.

The same record comes from the reference model (expected) and from a target
driven over a socket pair (observed), so comparing them is plain equality on
one of two views:

* ``calls`` -- every callback exactly as made, chunk by chunk;
* ``messages`` -- adjacent ``collect_incoming_data()`` chunks joined, so an
  implementation may split collected data differently and still conform.
"""

import itertools
import re
from dataclasses import dataclass, field
from typing import Any, List, NamedTuple, Optional, Tuple

# The names of the calls, as the probe records them (part of this module's API).
from .channel import (
    ATTRIBUTE,
    CLOSE,
    COLLECT,
    COLLECTED_TYPE,
    CONNECT,
    ERROR,
    FOUND,
    GET_DATA,
    GET_TERMINATOR,
    RAISED,
    READINESS,
    REENTERED,
    RETURNED,
    SEND,
    SENT_SO_FAR,
)

__all__ = [
    "ATTRIBUTE",
    "CLOSE",
    "COLLECT",
    "COLLECTED_TYPE",
    "CONNECT",
    "ERROR",
    "FOUND",
    "GET_DATA",
    "GET_TERMINATOR",
    "RAISED",
    "READINESS",
    "REENTERED",
    "RETURNED",
    "SEND",
    "SENT_SO_FAR",
    "VIEWS",
    "Call",
    "Firing",
    "Incomplete",
    "Trace",
    "merge_collects",
    "spoken",
]

VIEWS = ("calls", "messages")


class Call(NamedTuple):
    """One observable call: ``name`` and what it carried.

    ``collect_incoming_data``: the bytes; ``found_terminator``: the value of
    ``get_terminator()`` during the call; ``handle_error``/``raised``: the
    exception type name (``raised`` is prefixed by the step that raised);
    ``get_terminator``: the value returned; ``attribute``: (name, value);
    ``returned``: (the call, its value); ``readiness``: (readable, writable);
    ``sent so far``: a byte count; ``send``: the bytes offered;
    ``collected type``: a type name; ``_get_data``: what it returned;
    ``reentered``: (the callback, the steps it performed there).
    """

    name: str
    value: Any = None

    def render(self, python: int = 3) -> str:
        """The call in words, an exception named as a target on Python
        ``python`` (the major version) raised it."""
        if self.name == COLLECT:
            return "%s(%s)" % (COLLECT, _short(self.value))
        if self.name == FOUND:
            return "%s()  [terminator then: %r]" % (FOUND, self.value)
        if self.name == GET_TERMINATOR:
            return "get_terminator() -> %r" % (self.value,)
        if self.name == RAISED:
            return "%s raised %s" % (self.value[0], spoken(self.value[1], python))
        if self.name == ERROR:
            return "handle_error()  [%s]" % (spoken(self.value, python),)
        if self.name == ATTRIBUTE:
            return "channel.%s is %r" % self.value
        if self.name == RETURNED:
            return "%s returned %r" % self.value
        if self.name == READINESS:
            return "readable() is %s, writable() is %s" % self.value
        if self.name == SENT_SO_FAR:
            return "%d bytes sent so far" % (self.value,)
        if self.name == SEND:
            return "send() offered %d bytes" % (self.value,)
        if self.name == COLLECTED_TYPE:
            return "collect_incoming_data() handed a %s" % (self.value,)
        if self.name == GET_DATA:
            return "_get_data() returned %s" % (_short(self.value),)
        if self.name == REENTERED:
            return "inside %s(): %s" % self.value
        return "%s()" % (self.name,)


class Firing(NamedTuple):
    """A rule the model applied, and where: the calls made and the bytes
    sent before it.  A port that deviates in that rule can differ from
    there on, and only from there on."""

    rule: str
    calls: int
    sent: int


class Incomplete(NamedTuple):
    """Why a run did not finish: ``kind`` (``TIMEOUT`` or ``CRASH``), what
    happened, and the step it happened in -- kept apart, so that a verdict
    is read from the kind and never parsed out of the text."""

    kind: str
    what: str
    where: str = ""

    def __str__(self) -> str:
        return "%s: %s%s" % (self.kind, self.what, " while %s" % self.where if self.where else "")


TIMEOUT, CRASH = "timeout", "crash"


@dataclass
class Trace:
    calls: List[Call] = field(default_factory=list)
    peer_received: bytes = b""
    peer_saw_close: bool = False
    #: Set when the run could not finish: deadline, crash in the harness.
    incomplete: Optional[Incomplete] = None
    #: The model's only: the rules (``asynchat_reference.rules``) that fired, in order.
    rules: List["Firing"] = field(default_factory=list)

    def view(self, name: str) -> Tuple[Any, ...]:
        """The comparable content of the trace under view ``name``."""
        if name == "messages":
            calls = merge_collects(self.calls)
        elif name == "calls":
            calls = list(self.calls)
        else:
            raise ValueError("unknown trace view %r (known: %s)" % (name, ", ".join(VIEWS)))
        return (tuple(calls), self.peer_received, self.peer_saw_close, self.incomplete)

    def render(self, view: str, python: int = 3) -> List[str]:
        """The trace under ``view`` in lines, as for a target on Python
        ``python`` (the major version): see ``spoken``."""
        calls, received, closed, incomplete = self.view(view)
        lines = _runs([call.render(python) for call in calls])
        lines.append("peer received %s" % (_short(received),))
        lines.append(
            "peer saw the channel close" if closed else "peer did not see the channel close"
        )
        if incomplete:
            lines.append("INCOMPLETE: %s" % (incomplete,))
        return lines


def spoken(name: Any, python: int) -> str:
    """An exception's name as a trace holds it (``channel.ErrorName``: Python
    3's) as a target on Python ``python`` raised it.  Python 2 raises
    ``socket.error`` for every socket error, the errno telling them apart;
    both sides of a report are spoken so, so that equal calls read alike."""
    errno_name = getattr(name, "errno_name", None)
    if python < 3 and errno_name:
        return "socket.error(%s)" % (errno_name,)
    return str(name)


def _runs(lines: List[str], at_least: int = 2) -> List[str]:
    """Runs of one repeated line (a send() of 512 bytes, 140 times) as one
    line with a count, so a report stays readable.  Every repeat is counted,
    so that two traces rendered side by side count alike: a reason never
    sets one line against the same line counted."""
    found: List[str] = []
    for line, run in itertools.groupby(lines):
        count = len(list(run))
        found.extend([line] * count if count < at_least else [counted(line, count)])
    return found


#: How a rendered line stands for a run of repeats: ``line  (N times)``.
_COUNTED = re.compile(r"^(?P<line>.*)  \((?P<count>[0-9]+) times\)$")


def counted(line: str, count: int) -> str:
    """``line`` standing for ``count`` repeats of itself."""
    return "%s  (%d times)" % (line, count)


def runs_of(lines: List[str]) -> List[Tuple[str, int]]:
    """Rendered lines read back as (line, repeats): a line counted by
    ``render()`` and the same line written out repeatedly read alike."""
    found: List[Tuple[str, int]] = []
    for rendered in lines:
        match = _COUNTED.match(rendered)
        line, count = (match.group("line"), int(match.group("count"))) if match else (rendered, 1)
        if found and found[-1][0] == line:
            found[-1] = (line, found[-1][1] + count)
        else:
            found.append((line, count))
    return found


def merge_collects(calls: List[Call]) -> List[Call]:
    """Join runs of ``collect_incoming_data`` calls into one call each."""
    merged: List[Call] = []
    for call in calls:
        if call.name == COLLECT and merged and merged[-1].name == COLLECT:
            merged[-1] = Call(COLLECT, merged[-1].value + call.value)
        else:
            merged.append(call)
    return merged


def _short(data: bytes, limit: int = 120) -> str:
    if len(data) <= limit:
        return repr(data)
    return "%r...%r (%d bytes)" % (data[: limit // 2], data[-16:], len(data))
