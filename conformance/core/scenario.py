"""Scenarios: what the harness does to a channel, as plain data.

A scenario is the whole input of a conformance check -- the channel's
settings, the steps the harness takes, and what the channel does inside each
``found_terminator()`` -- so a printed scenario is a complete reproduction.
Every class here has a ``repr`` that evaluates back to itself with
``from asynchat_conformance.core.scenario import *`` -- a memoryview field
included, which Python itself prints as ``<memory at 0x...>``.
"""

from dataclasses import dataclass, fields
from typing import Any, Dict, Optional, Tuple, Union

Terminator = Union[bytes, int, None]


def literal(value: Any) -> str:
    """``repr(value)``, but a memoryview (in a tuple or list too) as the
    expression that makes it, so that a printed step evaluates back."""
    if isinstance(value, memoryview):
        data = value.tobytes()
        return (
            "memoryview(%r)" % (data,)
            if value.format == "B"
            else "memoryview(%r).cast(%r)" % (data, value.format)
        )
    if isinstance(value, tuple):
        inner = ", ".join(literal(item) for item in value)
        return "(%s,)" % inner if len(value) == 1 else "(%s)" % inner
    if isinstance(value, list):
        return "[%s]" % ", ".join(literal(item) for item in value)
    return repr(value)


def _step_repr(step: Any) -> str:
    """A step's dataclass ``repr``, its values written by ``literal()``."""
    return "%s(%s)" % (
        type(step).__name__,
        ", ".join(
            "%s=%s" % (item.name, literal(getattr(step, item.name))) for item in fields(step)
        ),
    )


@dataclass(frozen=True)
class Deliver:
    """The peer sends ``data``; the harness pumps until the channel read it."""

    data: bytes

    def describe(self) -> str:
        return "peer sends %r" % (self.data,)


@dataclass(frozen=True)
class SetTerminator:
    terminator: Any

    def describe(self) -> str:
        return "set_terminator(%s)" % (literal(self.terminator),)


@dataclass(frozen=True)
class GetTerminator:
    """Record what ``get_terminator()`` returns at this point."""

    def describe(self) -> str:
        return "get_terminator()"


@dataclass(frozen=True)
class Push:
    data: Any

    def describe(self) -> str:
        return "push(%s)" % (literal(self.data),)


@dataclass(frozen=True)
class PushProducer:
    """``push_with_producer()`` of a producer whose ``more()`` returns
    ``chunks`` in turn, then ``b""``.  A ``str`` chunk is what an
    application may hand a channel that has ``use_encoding`` set."""

    chunks: Tuple[Union[bytes, str], ...]

    def describe(self) -> str:
        return "push_with_producer(<more() returns %r, then b''>)" % (self.chunks,)


@dataclass(frozen=True)
class PushSimpleProducer:
    """``push_with_producer(simple_producer(data, buffer_size))`` with the
    target's own ``simple_producer``; a ``buffer_size`` of ``None`` leaves it
    out, so the default is the target's."""

    data: bytes
    buffer_size: Optional[int] = 512

    def describe(self) -> str:
        if self.buffer_size is None:
            return "push_with_producer(simple_producer(%r))" % (self.data,)
        return "push_with_producer(simple_producer(%r, %r))" % (self.data, self.buffer_size)


@dataclass(frozen=True)
class CloseWhenDone:
    def describe(self) -> str:
        return "close_when_done()"


@dataclass(frozen=True)
class DiscardBuffers:
    def describe(self) -> str:
        return "discard_buffers()"


@dataclass(frozen=True)
class Batch:
    """Channel calls made back to back, with no loop round in between --
    the way code queues several replies at once.  Whatever the first calls
    could not send is still queued when the later ones run."""

    steps: Tuple[Any, ...]

    def describe(self) -> str:
        return "; ".join(step.describe() for step in self.steps) + "  (back to back)"


@dataclass(frozen=True)
class PeerClose:
    """The peer closes its socket; with ``reset``, abortively (a TCP RST,
    so the channel's next read fails with ``ECONNRESET``)."""

    reset: bool = False

    def describe(self) -> str:
        return "peer resets the connection" if self.reset else "peer closes the connection"


# -- what a subclass or the loop can observe beyond the callbacks -----------------------


@dataclass(frozen=True)
class Inspect:
    """Record the channel's attribute ``name`` as it is now (bytes-like
    values as bytes, lists and deques as tuples)."""

    name: str

    def describe(self) -> str:
        return "look at channel.%s" % (self.name,)


@dataclass(frozen=True)
class CallMethod:
    """Call the channel's method ``name`` with ``args`` and record what it
    returns (as ``Inspect`` records a value).  With ``own``, async_chat's own
    method is called, not the probe's override (the defaults a subclass
    inherits); with ``message``, an exception is recorded with its message,
    not only its type."""

    name: str
    args: Tuple[Any, ...] = ()
    own: bool = False
    message: bool = False

    def describe(self) -> str:
        args = ", ".join(literal(a) for a in self.args)
        if self.own:
            return "async_chat.%s(channel%s)" % (self.name, ", " + args if args else "")
        return "%s(%s)" % (self.name, args)


@dataclass(frozen=True)
class Readiness:
    """Record the truth of ``readable()`` and ``writable()``: what the loop
    asks before every round."""

    def describe(self) -> str:
        return "readable(), writable()"


@dataclass(frozen=True)
class SentSoFar:
    """Record how many bytes the channel's ``send()`` calls took so far --
    inside a ``Batch``, before the loop ran again."""

    def describe(self) -> str:
        return "count the bytes sent so far"


@dataclass(frozen=True)
class Observe:
    """From now on, also record ``what``:

    * ``"sends"`` -- how many bytes each ``send()`` call is offered;
    * ``"collected-types"`` -- the type of the data each
      ``collect_incoming_data()`` call is handed;
    * ``"incoming"`` -- the probe's ``collect_incoming_data()`` also calls
      async_chat's ``_collect_incoming_data()`` (the ``incoming`` list), and
      its ``found_terminator()`` records what ``_get_data()`` returns.
    """

    what: str

    def describe(self) -> str:
        return {
            "sends": "record the size of every send()",
            "collected-types": "record the type of what collect_incoming_data() is handed",
            "incoming": "collect_incoming_data() also calls _collect_incoming_data(); "
            "found_terminator() calls _get_data()",
        }.get(self.what, "observe %r" % (self.what,))


@dataclass(frozen=True)
class FailNext:
    """The channel's next ``call`` (``"recv"`` or ``"send"``) raises
    ``OSError`` with errno ``error`` (a name from ``errno``) instead of
    reaching the socket.  ``layer="dispatcher"``: the dispatcher's method
    raises, as async_chat sees it; ``layer="socket"``: the socket's method
    raises, and the dispatcher's ``recv()``/``send()`` deal with it first."""

    call: str
    error: str
    layer: str = "dispatcher"

    def describe(self) -> str:
        where = (
            "the dispatcher's %s()" % self.call
            if self.layer == "dispatcher"
            else "the socket's %s()" % self.call
        )
        return "%s raises OSError(%s) next time" % (where, self.error)


@dataclass(frozen=True)
class SetAttribute:
    """``setattr(channel, name, value)``, as a subclass's ``__init__`` might."""

    name: str
    value: Any

    def describe(self) -> str:
        return "channel.%s = %s" % (self.name, literal(self.value))


@dataclass(frozen=True)
class Connecting:
    """Put the channel in the state of a ``connect()`` still under way
    (``connected`` false, ``connecting`` true): the loop's next write event
    completes it."""

    def describe(self) -> str:
        return "channel.connected = False; channel.connecting = True  (a connect under way)"


@dataclass(frozen=True)
class PushWithProducer:
    """``push_with_producer(value)`` of a plain value (a str, bytes) rather
    than a producer."""

    value: Any

    def describe(self) -> str:
        return "push_with_producer(%s)" % (literal(self.value),)


@dataclass(frozen=True)
class PushFalsyProducer:
    """Like ``PushProducer``, but the producer is false in a boolean context
    (it has ``__len__`` returning 0, as some collection-like producers do)."""

    chunks: Tuple[bytes, ...]

    def describe(self) -> str:
        return "push_with_producer(<falsy; more() returns %r, then b''>)" % (self.chunks,)


@dataclass(frozen=True)
class PushReentrantProducer:
    """``push_with_producer()`` of a producer whose first ``more()`` pushes
    ``pushed`` on the same channel before returning ``chunk`` (then ``b""``):
    output code re-entered from inside itself."""

    chunk: bytes
    pushed: bytes

    def describe(self) -> str:
        return "push_with_producer(<first more() calls push(%s), then returns %s; then b''>)" % (
            literal(self.pushed),
            literal(self.chunk),
        )


@dataclass(frozen=True)
class PushWide:
    """``push(memoryview(data).cast(format))``: a memoryview whose items are
    wider than one byte."""

    data: bytes
    format: str = "I"

    def describe(self) -> str:
        return "push(memoryview(%r).cast(%r))" % (self.data, self.format)


@dataclass(frozen=True)
class Inside:
    """Arm the channel's next call of ``callback`` to perform ``steps`` there,
    once: user code re-entering the channel from a callback the channel makes
    (``channel.REENTRY_CALLBACKS``; ``"more"`` is the next ``more()`` of a
    producer the harness pushed, which takes its chunk first).  What a step
    raises there is recorded, and the callback goes on."""

    callback: str
    steps: Tuple[Any, ...]

    def describe(self) -> str:
        return "inside the next %s() call: [%s]" % (
            self.callback,
            "; ".join(step.describe() for step in self.steps),
        )


@dataclass(frozen=True)
class Unconnected:
    """The channel becomes what ``async_chat()`` makes with no arguments: its
    socket taken away, in no socket map, not connected.  (The session's
    socket stays open, unused, until a ``Connect`` gives it back.)"""

    def describe(self) -> str:
        return "the channel as async_chat() makes it: no socket, in no map"


@dataclass(frozen=True)
class WriteEvent:
    """The write event a loop delivers (``handle_write_event()``), as
    asyncore's loop would to a channel whose socket is still open -- also
    for a loop that watches for write events only once output is queued
    (e.g. to complete a connect under way).  Nothing if the socket is closed."""

    def describe(self) -> str:
        return "handle_write_event(), if the channel's socket is open"


@dataclass(frozen=True)
class Connect:
    """A connect begins on a channel ``Unconnected`` took the socket from, as
    a user's ``connect()`` begins it: the channel gets that socket back
    (``set_socket()``, which puts it in its map), not connected yet, the
    connect under way; a ``WriteEvent`` completes it.  Nothing on a channel
    that has its socket."""

    def describe(self) -> str:
        return "a connect begins: the channel gets its socket back, connecting"


Step = Union[
    Deliver,
    SetTerminator,
    GetTerminator,
    Push,
    PushProducer,
    PushSimpleProducer,
    CloseWhenDone,
    DiscardBuffers,
    PeerClose,
    Batch,
    Inspect,
    CallMethod,
    Readiness,
    SentSoFar,
    Observe,
    FailNext,
    SetAttribute,
    Connecting,
    PushWithProducer,
    PushFalsyProducer,
    PushWide,
    PushReentrantProducer,
    Inside,
    Unconnected,
    WriteEvent,
    Connect,
]
#: Steps a channel can take inside found_terminator() (no peer actions there).
Reaction = Union[
    SetTerminator,
    GetTerminator,
    Push,
    PushProducer,
    PushSimpleProducer,
    CloseWhenDone,
    DiscardBuffers,
    Inspect,
    CallMethod,
    Readiness,
    SentSoFar,
    Observe,
    FailNext,
    SetAttribute,
    Connecting,
    PushWithProducer,
    PushFalsyProducer,
    PushWide,
    PushReentrantProducer,
    Inside,
]


@dataclass(frozen=True, repr=False)
class Scenario:
    """One conformance run: channel settings, harness steps, and reactions.

    ``on_found[k]`` lists what the channel does inside its k-th
    ``found_terminator()`` call (counting from 0); later calls do nothing.
    ``None`` for a buffer size keeps the implementation's default.
    """

    steps: Tuple[Step, ...]
    terminator: Any = b"\r\n"
    on_found: Tuple[Tuple[Reaction, ...], ...] = ()
    ac_in_buffer_size: Optional[int] = None
    ac_out_buffer_size: Optional[int] = None
    use_encoding: bool = False
    #: The peer reads at most this many bytes per loop round (a slow
    #: reader); 0 means it never reads.
    peer_read_size: Optional[int] = None
    #: SO_SNDBUF/SO_RCVBUF for both ends of the socket pair.
    socket_buffer: Optional[int] = None

    def __repr__(self) -> str:
        """Only what differs from the defaults, so reproductions stay short
        (a value equal to its default but of another type, a ``bytearray``
        terminator, differs)."""
        shown = ["steps=%s" % (literal(self.steps),)]
        for name, default in (("terminator", b"\r\n"), ("on_found", ())) + tuple(_DEFAULTS.items()):
            value = getattr(self, name)
            if type(value) is not type(default) or value != default:
                shown.append("%s=%s" % (name, literal(value)))
        return "Scenario(%s)" % ", ".join(shown)

    @property
    def uses_simple_producer(self) -> bool:
        steps = self.steps + tuple(r for group in self.on_found for r in group)
        steps += tuple(s for step in steps if isinstance(step, Batch) for s in step.steps)
        return any(isinstance(step, PushSimpleProducer) for step in steps)

    @property
    def needs_tcp(self) -> bool:
        """Resets need TCP: a Unix socket pair has no abortive close."""
        return any(isinstance(step, PeerClose) and step.reset for step in self.steps)

    def reactions(self, found_index: int) -> Tuple[Reaction, ...]:
        return self.on_found[found_index] if found_index < len(self.on_found) else ()

    def channel_settings(self) -> Dict[str, Any]:
        """What the channel side needs to make the probe (``channel.make_probe``)."""
        return {
            "on_found": self.on_found,
            "ac_in_buffer_size": self.ac_in_buffer_size,
            "ac_out_buffer_size": self.ac_out_buffer_size,
            "use_encoding": self.use_encoding,
        }

    def describe(self) -> str:
        """The scenario as numbered lines a port maintainer can read."""
        lines = []
        settings = [
            "%s = %r" % (name, getattr(self, name))
            for name in _DEFAULTS
            if getattr(self, name) != _DEFAULTS[name]
        ]
        if settings:
            lines.append("with " + ", ".join(settings))
        lines.append("set_terminator(%s)" % (literal(self.terminator),))
        lines.extend(step.describe() for step in self.steps)
        for index, reactions in enumerate(self.on_found):
            if reactions:
                lines.append(
                    "inside found_terminator() call #%d: %s"
                    % (index + 1, "; ".join(r.describe() for r in reactions))
                )
        return "\n".join(lines)


# Every step prints its values by literal(): a memoryview pushed, or in a
# method's arguments, must evaluate back too.
for _kind in Step.__args__:  # type: ignore[attr-defined]
    _kind.__repr__ = _step_repr

_DEFAULTS = {
    "ac_in_buffer_size": None,
    "ac_out_buffer_size": None,
    "use_encoding": False,
    "peer_read_size": None,
    "socket_buffer": None,
}

__all__ = [
    "Scenario",
    "Deliver",
    "SetTerminator",
    "GetTerminator",
    "Push",
    "PushProducer",
    "PushSimpleProducer",
    "CloseWhenDone",
    "DiscardBuffers",
    "PeerClose",
    "Batch",
    "Inspect",
    "CallMethod",
    "Readiness",
    "SentSoFar",
    "Observe",
    "FailNext",
    "SetAttribute",
    "Connecting",
    "PushWithProducer",
    "PushFalsyProducer",
    "PushWide",
    "PushReentrantProducer",
    "Inside",
    "Unconnected",
    "WriteEvent",
    "Connect",
]
