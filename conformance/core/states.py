"""Every public operation in every channel state, as data.

A case written by hand judges an operation in the state its author had in
mind; a port that breaks it in another state passes.  Here the states are
rows (each the short run of steps that brings a channel there) and the
operations columns (each the steps that perform it); every pair is either a
scenario -- the state, the operation, then readiness before and after the
loop has run -- or one line saying why the pair means nothing.  The
conformance cases (``suite/cases/test_states.py``) and the coverage table
(``MATRIX``) are both made from these tuples, so a new state or operation is
judged everywhere at once.
"""

from dataclasses import dataclass
from typing import Any, Tuple

from .matrices import Cell, Matrix
from .scenario import (
    Batch,
    CallMethod,
    CloseWhenDone,
    Connect,
    Connecting,
    Deliver,
    DiscardBuffers,
    FailNext,
    GetTerminator,
    PeerClose,
    Push,
    PushProducer,
    Readiness,
    Scenario,
    SetTerminator,
    Unconnected,
    WriteEvent,
)


@dataclass(frozen=True)
class State:
    """A channel state and how a scenario reaches it."""

    name: str
    #: One line: what the channel is like here.
    description: str
    #: Steps, with loop rounds between them, that bring the channel here.
    before: Tuple[Any, ...] = ()
    #: Steps taken back to back with the operation: a state the next loop
    #: round would leave (a connect completes, queued output goes out).
    batch: Tuple[Any, ...] = ()
    #: Steps right after the operation and its readiness, still back to
    #: back: how the state ends whatever the loop watches for.
    ends: Tuple[Any, ...] = ()


@dataclass(frozen=True)
class Operation:
    """A public operation of the documented API, as scenario steps."""

    name: str
    #: One line: what is done (the case's statement adds how it is judged).
    statement: str
    #: The documented API it exercises (a case's ``api``).
    api: str
    #: Taken back to back, in the state.
    steps: Tuple[Any, ...]
    #: After the loop has run: what shows the operation's effect later (a
    #: delivery the new terminator frames).
    then: Tuple[Any, ...] = ()


#: A producer with a chunk left after the one its first send attempt sends:
#: output that stays queued until the loop's next write event.
_QUEUED = PushProducer((b"queued-1 ", b"queued-2 "))

STATES: Tuple[State, ...] = (
    State(
        "unconnected",
        "made by async_chat() with no arguments: no socket, in no map; connected after the "
        "operation, as a user connects it later",
        before=(Unconnected(),),
        # The connect a user makes later: what was queued meanwhile must go
        # out then (and readiness afterwards is a connected channel's).
        ends=(Connect(), WriteEvent()),
    ),
    State(
        "connecting",
        "a connect under way (connected false, connecting true)",
        batch=(Connecting(),),
        # The write event that completes a connect: a loop that watches for
        # write events only once output is queued (pyftpdlib's) would
        # otherwise leave the connect under way for ever.
        ends=(WriteEvent(),),
    ),
    State("idle", "connected, nothing queued, nothing buffered"),
    State(
        "input-buffered",
        "connected, a possible start of the terminator held back from the input",
        before=(Deliver(b"partial\r"),),
    ),
    State(
        "output-queued",
        "connected, a producer's chunk still queued behind what was sent",
        batch=(_QUEUED,),
    ),
    State(
        "close-queued",
        "connected, output queued and a close mark behind it",
        batch=(_QUEUED, CloseWhenDone()),
    ),
    State(
        "closing",
        "connected, the close mark alone at the head of the queue",
        batch=(CloseWhenDone(),),
    ),
    State(
        "closed-by-us",
        "closed by its own close_when_done()",
        before=(Push(b"bye"), CloseWhenDone()),
    ),
    State(
        "closed-by-peer",
        "closed after reading the peer's end of file",
        before=(Deliver(b"last\r\n"), PeerClose()),
    ),
    State(
        "after-error",
        "closed by handle_error() after a failed send, the unsent block still queued",
        before=(Batch((FailNext("send", "ECONNRESET"), Push(b"unsent"))),),
    ),
)

#: What ``push()`` is given: the bytes-like types it takes and the wrong
#: types it refuses.
PUSHED: Tuple[Tuple[str, Any], ...] = (
    ("bytes", b"pushed"),
    ("bytearray", bytearray(b"pushed")),
    ("memoryview", memoryview(b"pushed")),
    ("empty", b""),
    ("str", "pushed"),
    ("int", 42),
    ("none", None),
)

#: Pushed right behind the value, so that a push that loses or blocks the
#: queue shows.
_AFTER = Push(b"|after")
#: An entry queued ahead of a value pushed "behind": a producer whose chunk
#: went out, still at the head until its next more().
_AHEAD = PushProducer((b"ahead|",))


def _push_operations() -> Tuple[Operation, ...]:
    made = []
    for kind, value in PUSHED:
        made.append(
            Operation(
                "push-%s-first" % kind,
                "push(%s) with nothing of its own ahead of it, then push(b'|after')" % kind,
                "async_chat.push",
                (Push(value), _AFTER),
            )
        )
        made.append(
            Operation(
                "push-%s-behind" % kind,
                "push(%s) behind a producer's queued entry, then push(b'|after')" % kind,
                "async_chat.push",
                (_AHEAD, Push(value), _AFTER),
            )
        )
    return tuple(made)


#: A delivery that each kind of terminator frames differently.
_FRAMED = Deliver(b"ab\ncd\r\nefgh")

OPERATIONS: Tuple[Operation, ...] = _push_operations() + (
    Operation(
        "push-with-producer",
        "push_with_producer() of a producer of two chunks",
        "async_chat.push_with_producer",
        (PushProducer((b"produced-1 ", b"produced-2")),),
    ),
    Operation(
        "close-when-done",
        "close_when_done(), then a send attempt (initiate_send())",
        "async_chat.close_when_done",
        (CloseWhenDone(), CallMethod("initiate_send")),
    ),
    Operation(
        "discard-buffers",
        "discard_buffers()",
        "async_chat.discard_buffers",
        (DiscardBuffers(),),
    ),
    Operation(
        "initiate-send",
        "initiate_send()",
        "async_chat.initiate_send",
        (CallMethod("initiate_send"),),
    ),
    Operation(
        "set-terminator-bytes",
        "set_terminator(b'\\n'), then the peer sends b'ab\\ncd\\r\\nefgh'",
        "async_chat.set_terminator",
        (SetTerminator(b"\n"), GetTerminator()),
        then=(_FRAMED,),
    ),
    Operation(
        "set-terminator-int",
        "set_terminator(3), then the peer sends b'ab\\ncd\\r\\nefgh'",
        "async_chat.set_terminator",
        (SetTerminator(3), GetTerminator()),
        then=(_FRAMED,),
    ),
    Operation(
        "set-terminator-none",
        "set_terminator(None), then the peer sends b'ab\\ncd\\r\\nefgh'",
        "async_chat.set_terminator",
        (SetTerminator(None), GetTerminator()),
        then=(_FRAMED,),
    ),
    Operation(
        "readable-writable",
        "readable() and writable()",
        "async_chat.writable",
        (Readiness(),),
    ),
    Operation(
        "handle-read",
        "handle_read() called directly, nothing to read",
        "async_chat.handle_read",
        (CallMethod("handle_read"),),
    ),
    Operation(
        "handle-write",
        "handle_write() called directly",
        "async_chat.handle_write",
        (CallMethod("handle_write"),),
    ),
    Operation(
        "collect-incoming-data-base",
        "async_chat's own collect_incoming_data(b'data'), not overridden",
        "async_chat.collect_incoming_data",
        (CallMethod("collect_incoming_data", (b"data",), own=True),),
    ),
    Operation(
        "found-terminator-base",
        "async_chat's own found_terminator(), not overridden",
        "async_chat.found_terminator",
        (CallMethod("found_terminator", own=True),),
    ),
)

_LOOP_ONLY = ("handle-read", "handle-write")
#: (operations, states, why the pairs mean nothing).
MEANINGLESS: Tuple[Tuple[Tuple[str, ...], Tuple[str, ...], str], ...] = (
    (
        _LOOP_ONLY,
        ("unconnected",),
        "a loop callback, and a channel with no socket is in no loop's map",
    ),
    (
        _LOOP_ONLY,
        ("closed-by-us", "closed-by-peer", "after-error"),
        "a loop callback, and a closed channel has left its loop's map",
    ),
)


def meaningless(state: State, operation: Operation) -> str:
    """Why ``operation`` means nothing in ``state``; empty if it is judged."""
    for operations, states, reason in MEANINGLESS:
        if operation.name in operations and state.name in states:
            return reason
    return ""


def judged_states(operation: Operation) -> Tuple[State, ...]:
    """The states ``operation`` is judged in."""
    return tuple(state for state in STATES if not meaningless(state, operation))


def case_id(operation: Operation) -> str:
    """The conformance case that judges ``operation`` in every state."""
    return "state." + operation.name


def scenario(state: State, operation: Operation) -> Scenario:
    """``operation`` in ``state``: readiness right after it and again once
    the loop has run; the trace holds the calls and the bytes on the wire."""
    performed = Batch(state.batch + operation.steps + (Readiness(),) + state.ends)
    return Scenario(steps=state.before + (performed, Readiness()) + operation.then)


def _cell(state: State, operation: Operation) -> Cell:
    reason = meaningless(state, operation)
    return Cell(meaningless=reason) if reason else Cell(cases=(case_id(operation),))


MATRIX = Matrix(
    name="states",
    statement="Rows: channel states (%s); columns: public operations, each performed in the "
    "state and judged on its calls, the bytes on the wire and readiness afterwards."
    % "; ".join("%s: %s" % (state.name, state.description) for state in STATES),
    rows=tuple(state.name for state in STATES),
    columns=tuple(operation.name for operation in OPERATIONS),
    cells={
        (state.name, operation.name): _cell(state, operation)
        for state in STATES
        for operation in OPERATIONS
    },
)
