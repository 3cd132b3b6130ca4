"""Re-entrancy as data: each callback the channel makes, each operation user
code calls back from there.

A channel calls user code -- ``collect_incoming_data()``,
``found_terminator()``, a producer's ``more()``, ``handle_close()``,
``handle_error()``, ``readable()``/``writable()`` -- and that code calls the
channel back: a reply pushed from ``found_terminator()``, a goodbye from
``handle_close()``, a header from ``more()``.  A port that guards its output
with a lock, or takes the channel apart before calling back, breaks there and
nowhere else.  ``MATRIX`` is that table; every judged cell is one example
(``scenario()``) of its row's case, generated from the same data, so a new
row or column is judged everywhere at once.
"""

from dataclasses import dataclass
from typing import Dict, Tuple

from .channel import CLOSE, COLLECT, ERROR, FOUND, MORE, READABLE, WRITABLE
from .matrices import Cell, Matrix
from .scenario import (
    Batch,
    CallMethod,
    CloseWhenDone,
    Deliver,
    DiscardBuffers,
    FailNext,
    Inside,
    PeerClose,
    Push,
    PushProducer,
    Readiness,
    Scenario,
    SentSoFar,
    SetTerminator,
    Step,
)

#: The columns: what user code calls on its channel from inside a callback.
OPERATIONS: Dict[str, Step] = {
    "push": Push(b"[push]"),
    "push_with_producer": PushProducer((b"[producer]",)),
    "close_when_done": CloseWhenDone(),
    "discard_buffers": DiscardBuffers(),
    "set_terminator": SetTerminator(b"\n"),
    "initiate_send": CallMethod("initiate_send"),
    "close": CallMethod("close"),
}

#: After the callback: is the channel ready as the reference is, and does it
#: still send (or, closed, still not)?
AFTERWARDS: Tuple[Step, ...] = (Readiness(), Push(b"[after]"), Readiness())

#: A producer with a chunk left after its first send: with a block pushed
#: behind it, output still queued when the callback runs, for
#: discard_buffers() and initiate_send() there to act on.
_PRODUCING = PushProducer((b"head-1 ", b"head-2 "))

_CLOSED_BY_ERROR = "handle_error() ends in a close (asyncore's does): no input is framed after it"
_NO_FRAMING_AFTER = "handle_close() ends the channel: no input is framed after it"
_BETWEEN_READS = (
    "with no read under way: a set_terminator() there is one between reads, which "
    "stateful.interleaved judges"
)


@dataclass(frozen=True)
class Reentry:
    """One row: a callback, the steps that make the channel call it, its case."""

    #: The row's name in the table.
    name: str
    #: The callback an ``Inside`` step arms (``channel.REENTRY_CALLBACKS``).
    callback: str
    case: str
    statement: str
    api: str
    #: What makes the channel call ``callback`` once the operation is armed.
    trigger: Tuple[Step, ...]
    #: Arm and trigger back to back, with no loop round between: a loop asks
    #: readable()/writable() when it likes (asyncore's every round,
    #: pyftpdlib's after an event), so the trigger's own readiness check is
    #: where they must run.
    batched: bool = False
    #: Operations meaningless in this callback, each with why.
    meaningless: Tuple[Tuple[str, str], ...] = ()

    def judged(self) -> Tuple[str, ...]:
        """The operations this row's case performs, in column order."""
        skipped = dict(self.meaningless)
        return tuple(name for name in OPERATIONS if name not in skipped)

    def scenario(self, operation: str) -> Scenario:
        """``operation`` performed once from inside this row's callback."""
        arm = Inside(self.callback, (OPERATIONS[operation],))
        steps = (Batch((arm,) + self.trigger),) if self.batched else (arm,) + self.trigger
        return Scenario(steps=steps + AFTERWARDS)


_STATEMENT = (
    "%s, an operation user code calls back on the channel acts as in CPython: the same calls, "
    "bytes sent and readiness afterwards, and no deadlock."
)

ROWS: Tuple[Reentry, ...] = (
    Reentry(
        "collect_incoming_data",
        COLLECT,
        "reentry.in-collect-incoming-data",
        _STATEMENT % "Inside collect_incoming_data()",
        "async_chat.collect_incoming_data",
        (Deliver(b"one\r\ntwo\r\n"),),
    ),
    Reentry(
        "found_terminator",
        FOUND,
        "reentry.in-found-terminator",
        _STATEMENT % "Inside found_terminator()",
        "async_chat.found_terminator",
        (Deliver(b"one\r\ntwo\r\n"),),
    ),
    Reentry(
        "producer.more",
        MORE,
        "reentry.in-more",
        _STATEMENT % "Inside a producer's more()",
        "async_chat.push_with_producer",
        # Its first more(): the chunk after it is still to come.
        (PushProducer((b"chunk-1 ", b"chunk-2 ")),),
        meaningless=(
            (
                "set_terminator",
                "more() runs in a send attempt, " + _BETWEEN_READS,
            ),
        ),
    ),
    Reentry(
        "handle_close (close_when_done)",
        CLOSE,
        "reentry.in-handle-close.close-when-done",
        _STATEMENT % "Inside handle_close() reached by close_when_done()",
        "async_chat.close_when_done",
        # Output pushed behind the close mark is still queued in handle_close().
        (Push(b"reply"), Batch((CloseWhenDone(), Push(b"behind")))),
        meaningless=(("set_terminator", _NO_FRAMING_AFTER),),
    ),
    Reentry(
        "handle_close (peer EOF)",
        CLOSE,
        "reentry.in-handle-close.peer-eof",
        _STATEMENT % "Inside handle_close() on the peer's EOF",
        "async_chat",
        (Deliver(b"one\r\n"), PeerClose()),
        meaningless=(("set_terminator", _NO_FRAMING_AFTER),),
    ),
    Reentry(
        "handle_error (send)",
        ERROR,
        "reentry.in-handle-error.send",
        _STATEMENT % "Inside handle_error() after a failed send()",
        "async_chat",
        (FailNext("send", "EIO"), Push(b"head")),
        meaningless=(("set_terminator", _CLOSED_BY_ERROR),),
    ),
    Reentry(
        "handle_error (recv)",
        ERROR,
        "reentry.in-handle-error.recv",
        _STATEMENT % "Inside handle_error() after a failed recv()",
        "async_chat",
        (FailNext("recv", "EIO"), Deliver(b"one\r\n")),
        meaningless=(("set_terminator", _CLOSED_BY_ERROR),),
    ),
    Reentry(
        "readable",
        READABLE,
        "reentry.in-readable",
        _STATEMENT % "Inside a readable() override",
        "async_chat",
        (_PRODUCING, Push(b"head"), Readiness(), SentSoFar()),
        batched=True,
        meaningless=(
            ("set_terminator", "the loop asks readable() between events, " + _BETWEEN_READS),
        ),
    ),
    Reentry(
        "writable",
        WRITABLE,
        "reentry.in-writable",
        _STATEMENT % "Inside a writable() override",
        "async_chat",
        (_PRODUCING, Push(b"head"), Readiness(), SentSoFar()),
        batched=True,
        meaningless=(
            ("set_terminator", "the loop asks writable() between events, " + _BETWEEN_READS),
        ),
    ),
)

#: Cells that cases written for one behaviour judge too.
ALSO_JUDGED_BY: Dict[Tuple[str, str], Tuple[str, ...]] = {
    ("producer.more", "push"): ("producer.push-inside-more",),
    ("found_terminator", "push"): (
        "close-when-done.in-found-terminator",
        "push.one-entry-per-send",
        "discard-buffers.output",
    ),
    ("found_terminator", "push_with_producer"): (
        "push.one-entry-per-send",
        "discard-buffers.output",
    ),
    ("found_terminator", "close_when_done"): ("close-when-done.in-found-terminator",),
    ("found_terminator", "discard_buffers"): (
        "discard-buffers.input",
        "discard-buffers.output",
        "push.one-entry-per-send",
    ),
    ("found_terminator", "set_terminator"): ("discard-buffers.output",),
}


def _cells() -> Dict[Tuple[str, str], Cell]:
    cells: Dict[Tuple[str, str], Cell] = {}
    for row in ROWS:
        skipped = dict(row.meaningless)
        for column in OPERATIONS:
            if column in skipped:
                cells[(row.name, column)] = Cell(meaningless=skipped[column])
            else:
                also = ALSO_JUDGED_BY.get((row.name, column), ())
                cells[(row.name, column)] = Cell(cases=(row.case,) + also)
    return cells


MATRIX = Matrix(
    name="re-entrancy",
    statement="Rows: the callbacks a channel makes into user code; columns: the operations "
    "that code calls back on its channel from there.",
    rows=tuple(row.name for row in ROWS),
    columns=tuple(OPERATIONS),
    cells=_cells(),
)

__all__ = ["MATRIX", "OPERATIONS", "ROWS", "Reentry"]
