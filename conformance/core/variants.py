"""Deviation variants: what a port does instead of a rule, as spec code.

A recorded deviation names a rule and, when the rule has several, one of its
variants here (``rule-id/variant-name: reason``).  The model then plays the
specification (``asynchat_reference.spec.async_chat``) with the recorded
variants' mixins applied, and the port must match that model exactly: a
record excuses the difference it describes and nothing else.

Each variant is a mixin of the spec channel, a few short methods overriding
the rule's steps (the spec channel's own methods), readable as "what this
port does instead"; the model composes them with the channel
(``model_class``).  Overrides cooperate: each handles the case its rule is
about and hands every other case to ``super()``, so any set of variants
composes; a variant declared after another may refine a step that one
introduces.  Each still notes its rule (``asynchat_reference.rules.fired``)
where it decides differently.
"""

import errno
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Deque, Dict, FrozenSet, Optional, Tuple

from asynchat_reference import rules
from asynchat_reference.producers import simple_producer
from asynchat_reference.rules import fired
from asynchat_reference.spec import DISCONNECTED
from asynchat_reference.spec import async_chat as spec_chat


@dataclass(frozen=True)
class Variant:
    #: A rule id of ``asynchat_reference.rules``.
    rule: str
    #: Short kebab-case name, unique within its rule.
    name: str
    #: One line: what the port does instead.
    statement: str
    #: Overrides of the spec channel (``asynchat_reference.spec.async_chat``).
    mixin: type


#: rule id -> variant name -> Variant
VARIANTS: Dict[str, Dict[str, Variant]] = {}


#: Variant -> the order it was declared in (see ``model_class``).
_DECLARED: Dict[Variant, int] = {}


def variant(rule: rules.Rule, name: str, statement: str) -> Callable[[type], type]:
    """Declare the decorated mixin as variant ``name`` of ``rule``."""

    def declare(mixin: type) -> type:
        known = VARIANTS.setdefault(rule.id, {})
        if name in known:
            raise ValueError("variant %s/%s is declared twice" % (rule.id, name))
        known[name] = declared = Variant(rule.id, name, statement, mixin)
        _DECLARED[declared] = len(_DECLARED)
        return mixin

    return declare


def variant_for(rule: str, name: Optional[str]) -> Variant:
    """The variant a record names: ``name`` of ``rule``, or with ``name``
    None the rule's only variant."""
    if rule not in rules.RULES:
        raise LookupError(
            "%r is not a rule id (python -m asynchat_conformance list --rules)" % rule
        )
    known = VARIANTS.get(rule, {})
    if not known:
        raise LookupError(
            "rule %s has no variant the model can play: record the case ids "
            "where the port differs instead (list --rules names them)" % rule
        )
    if name is None:
        if len(known) == 1:
            return next(iter(known.values()))
        raise LookupError(
            "rule %s has several variants: record one as %s/NAME, NAME one of %s"
            % (rule, rule, ", ".join(sorted(known)))
        )
    if name not in known:
        raise LookupError(
            "rule %s has no variant %r; its variants: %s" % (rule, name, ", ".join(sorted(known)))
        )
    return known[name]


@lru_cache(maxsize=None)
def model_class(variants: Tuple[Variant, ...]) -> type:
    """The spec channel with ``variants`` applied, one class per set of
    variants whatever their order.  A variant declared later comes first in
    the method order, so that one may refine a step another introduces
    (declared above it)."""
    ordered = sorted(set(variants), key=lambda v: -_DECLARED[v])
    return _composed(tuple(v.mixin for v in ordered))


@lru_cache(maxsize=None)
def _composed(mixins: Tuple[type, ...]) -> type:
    if not mixins:
        return spec_chat
    namespace: Dict[str, Any] = {"__module__": spec_chat.__module__}
    # The class keeps the spec's name: a port's trace and the model's name
    # the channel's class the same way.
    return type("async_chat", mixins + (spec_chat,), namespace)


class Absent:
    """An attribute a port's channel does not have: reading it notes
    ``rule`` and raises AttributeError (on the class too); the spec's own
    assignments to it are dropped."""

    def __init__(self, name: str, rule: rules.Rule) -> None:
        self.name, self.rule = name, rule

    def __get__(self, instance: Any, owner: Any = None) -> Any:
        fired(self.rule)
        raise AttributeError(
            "%r object has no attribute %r" % ((owner or type(instance)).__name__, self.name)
        )

    def __set__(self, instance: Any, value: Any) -> None:
        pass


# -- closing ------------------------------------------------------------------------------


@variant(
    rules.CLOSE_MARK,
    "close",
    "When the close mark reaches the head of the queue, close() is called, not handle_close().",
)
class CloseMarkCloses(spec_chat):
    def reach_close_mark(self) -> bool:
        self.producer_fifo.popleft()
        fired(rules.CLOSE_MARK)
        self.close()
        return False


@variant(
    rules.CLOSE_QUEUED,
    "idle-closes-at-once",
    "close_when_done() with nothing queued calls handle_close() at once; otherwise it "
    "queues the close mark.",
)
class IdleCloseAtOnce(spec_chat):
    def close_when_done(self) -> None:
        if self.producer_fifo:
            super().close_when_done()
            return
        fired(rules.CLOSE_QUEUED)
        self.handle_close()


@variant(
    rules.NOTHING_AFTER_CLOSE,
    "stays-connected",
    "close() leaves connected true, so output after a close is sent on the closed socket "
    "and the OSError goes to handle_error().",
)
class StaysConnected(spec_chat):
    def close(self) -> None:
        connected = self.connected
        super().close()
        self.connected = connected

    def send(self, data: Any) -> Any:
        if self.socket is not None and self.socket.fileno() < 0:
            fired(rules.NOTHING_AFTER_CLOSE)
        return super().send(data)


@variant(
    rules.NOTHING_AFTER_CLOSE,
    "asyncore-2.5",
    "close() is asyncore 2.5's: it leaves connected true, so output after a close is sent on "
    "the closed socket and the OSError goes to handle_error(); and it shuts the socket down "
    "without checking there is one, so on a channel with no socket it leaves its map, then "
    "raises AttributeError.",
)
class OldClose(StaysConnected):
    def close(self) -> None:
        if self.socket is not None:
            super().close()
            return
        fired(rules.NOTHING_AFTER_CLOSE)
        self.del_channel()
        raise AttributeError("'NoneType' object has no attribute 'shutdown'")


class _DisconnectErrnos(spec_chat):
    """The dispatcher's recv() and send() with their own sets of errnos that
    mean the peer is gone (handle_close()); any other errno is raised."""

    recv_disconnects: FrozenSet[int] = DISCONNECTED
    send_disconnects: FrozenSet[int] = DISCONNECTED

    def recv(self, buffer_size: int) -> bytes:
        assert self.socket is not None  # connected: the loop reads only then
        try:
            data = self.socket.recv(buffer_size)
        except OSError as error:
            fired(rules.DISCONNECT_ERRNOS)
            if error.errno in self.recv_disconnects:
                fired(rules.PEER_EOF)
                self.handle_close()
                return b""
            raise
        if not data:
            fired(rules.PEER_EOF)
            self.handle_close()
        return data

    def send(self, data: Any) -> int:
        assert self.socket is not None  # connected: the send attempt checked
        try:
            return self.socket.send(data)
        except OSError as error:
            fired(rules.DISCONNECT_ERRNOS)
            if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
                return 0
            if error.errno in self.send_disconnects:
                self.handle_close()
                return 0
            raise


@variant(
    rules.DISCONNECT_ERRNOS,
    "asyncore-2.5",
    "recv() takes only ECONNRESET, ENOTCONN and ESHUTDOWN for a disconnect, send() none: "
    "every other errno goes to handle_error().",
)
class OldDisconnectErrnos(_DisconnectErrnos):
    recv_disconnects = frozenset((errno.ECONNRESET, errno.ENOTCONN, errno.ESHUTDOWN))
    send_disconnects = frozenset()


@variant(
    rules.DISCONNECT_ERRNOS,
    "etimedout",
    "ETIMEDOUT from recv() or send() is a disconnect too: handle_close(), not handle_error().",
)
class TimeoutDisconnects(_DisconnectErrnos):
    recv_disconnects = send_disconnects = DISCONNECTED | {errno.ETIMEDOUT}


# -- pushing -------------------------------------------------------------------------------


def _no_encode(data: Any) -> AttributeError:
    return AttributeError("%r object has no attribute 'encode'" % type(data).__name__)


@variant(
    rules.TYPE_ERROR,
    "encodes-str",
    "push() of a str queues it encoded as UTF-8; push() of an int or None raises "
    "AttributeError, not TypeError.",
)
class PushEncodesStr(spec_chat):
    def check_pushed(self, data: Any) -> None:
        if isinstance(data, str):
            fired(rules.TYPE_ERROR)
        elif not isinstance(data, (bytes, bytearray, memoryview)):
            fired(rules.TYPE_ERROR)
            raise _no_encode(data)
        else:
            super().check_pushed(data)

    def pushed_bytes(self, data: Any) -> Any:
        if isinstance(data, str):
            return data.encode("utf-8")
        return super().pushed_bytes(data)


@variant(
    rules.TYPE_ERROR,
    "queues-text",
    "push() of a str queues it as it is (anything else without a length still raises TypeError).",
)
class PushQueuesText(spec_chat):
    def check_pushed(self, data: Any) -> None:
        if isinstance(data, str):
            fired(rules.TYPE_ERROR)
            return
        super().check_pushed(data)


@variant(
    rules.BYTES_LIKE,
    "refused",
    "push() of a bytearray or memoryview raises AttributeError and queues nothing.",
)
class BytesLikeRefused(spec_chat):
    def check_pushed(self, data: Any) -> None:
        if isinstance(data, (bytearray, memoryview)):
            fired(rules.BYTES_LIKE)
            raise _no_encode(data)
        super().check_pushed(data)


@variant(
    rules.BYTES_LIKE,
    "memoryview-as-producer",
    "A memoryview at the head of the queue is taken for a producer: the send attempt asks "
    "it for more() and raises AttributeError.",
)
class MemoryviewAsProducer(spec_chat):
    def is_producer(self, head: Any) -> bool:
        if isinstance(head, memoryview):
            fired(rules.BYTES_LIKE)
            return True
        return super().is_producer(head)


@variant(
    rules.NO_PIECES,
    "simple-producer",
    "push() queues its data in a simple_producer, so it goes out in 512-byte pieces, one "
    "per send attempt.",
)
class PushedAsProducer(spec_chat):
    def split_pushed(self, data: Any) -> Any:
        if len(data) > 512:
            fired(rules.NO_PIECES)
        return [simple_producer(data)]


# -- the output queue ---------------------------------------------------------------------------


class fifo(Deque[Any]):  # noqa: N801 - the name the port's queue class has
    """The queue as a port keeps it in a class of its own, which the trace
    shows by name instead of as a sequence."""


@variant(
    rules.HEAD_ONLY,
    "out-buffer",
    "A send attempt first refills an output buffer of its own by one step on the queue (a "
    "block, one more(), or the close mark once the buffer is empty), then offers send() up "
    "to ac_out_buffer_size of that buffer, whatever entries its bytes came from; "
    "producer_fifo is a queue object of its own class, fifo.",
)
class OutputBuffer(spec_chat):
    def __init__(self, sock: Any = None, map: Optional[Dict[int, Any]] = None) -> None:  # noqa: A002
        self.ac_out_buffer: Any = b""
        super().__init__(sock, map)
        self.producer_fifo = fifo()

    def writable(self) -> bool:
        return bool(self.ac_out_buffer) or super().writable()

    def initiate_send(self) -> None:
        limit = self.ac_out_buffer_size
        if len(self.ac_out_buffer) < limit:
            self.fill_buffer()
        self.send_buffer(limit)

    def send_buffer(self, limit: int) -> None:
        if not (self.ac_out_buffer and self.can_send()):
            return
        try:
            sent = self.send(self.ac_out_buffer[:limit])
        except OSError as error:
            self.send_failed(error)
            return
        if sent:
            self.ac_out_buffer = self.ac_out_buffer[sent:]

    def fill_buffer(self) -> None:
        """One step on the queue that adds to the buffer, dropping the
        exhausted producers on the way."""
        while self.producer_fifo:
            head = self.producer_fifo[0]
            if head is None:
                if not self.ac_out_buffer:
                    self.reach_close_mark()
                return
            if isinstance(head, bytes):
                self.producer_fifo.popleft()
                self.add_to_buffer(head)
                return
            data = head.more()
            if data:
                fired(rules.PRODUCER_MORE)
                self.add_to_buffer(data)
                return
            self.producer_exhausted()

    def add_to_buffer(self, data: Any) -> None:
        if self.ac_out_buffer:
            fired(rules.HEAD_ONLY)
        self.ac_out_buffer = self.join(self.ac_out_buffer, data)

    def join(self, buffer: Any, data: Any) -> Any:
        return buffer + data

    def discard_output(self) -> None:
        super().discard_output()
        self.ac_out_buffer = b""


@variant(
    rules.STR_OUTPUT_ENCODED,
    "raw-ucs4",
    "A str at the head of the queue is sent as its in-memory bytes (UCS-4, little-endian), "
    "ac_out_buffer_size of them at a time, whatever use_encoding says.",
)
class TextSentRaw(spec_chat):
    def block_to_offer(self, head: Any) -> Any:
        if isinstance(head, str):
            fired(rules.STR_OUTPUT_ENCODED)
            return head.encode("utf-32-le")[: self.ac_out_buffer_size]
        return super().block_to_offer(head)


@variant(
    rules.STR_OUTPUT_ENCODED,
    "ascii-joined",
    "(With the out-buffer variant.)  A str from a producer joins the output buffer as text, "
    "the bytes there read as ASCII, and goes to send() as text, which encodes it as ASCII: "
    "a non-ASCII character raises UnicodeEncodeError out of the send attempt.",
)
class TextJoinedAsAscii(spec_chat):
    def send(self, data: Any) -> Any:
        if isinstance(data, str):
            fired(rules.STR_OUTPUT_ENCODED)
            data = data.encode("ascii")
        return super().send(data)

    # Refines OutputBuffer's step, which comes after it in the composed class.
    def join(self, buffer: Any, data: Any) -> Any:
        if isinstance(data, str) and isinstance(buffer, bytes):
            return super().join(buffer.decode("ascii"), data)  # type: ignore[misc]
        if isinstance(buffer, str) and isinstance(data, bytes):
            return super().join(buffer, data.decode("ascii"))  # type: ignore[misc]
        return super().join(buffer, data)  # type: ignore[misc]


# -- input -----------------------------------------------------------------------------------------


@variant(
    rules.ALWAYS_READABLE,
    "bounded",
    "readable() is false while ac_in_buffer holds more than ac_in_buffer_size bytes.",
)
class ReadableBounded(spec_chat):
    def readable(self) -> bool:
        if len(self.ac_in_buffer) > self.ac_in_buffer_size:
            fired(rules.ALWAYS_READABLE)
            return False
        return super().readable()


@variant(
    rules.BLOCKING_IGNORED,
    "error",
    "A recv() that raises BlockingIOError goes to handle_error() like any other OSError.",
)
class BlockingIsError(spec_chat):
    def read_failed(self, error: OSError) -> None:
        if isinstance(error, BlockingIOError):
            fired(rules.BLOCKING_IGNORED)
            self.handle_error()
            return
        super().read_failed(error)


@variant(
    rules.NEGATIVE_COUNT,
    "accepted",
    "set_terminator() accepts a negative integer, which then frames like a count.",
)
class NegativeCountAccepted(spec_chat):
    def set_terminator(self, term: Any) -> None:
        if isinstance(term, int) and term < 0:
            fired(rules.NEGATIVE_COUNT)
            self.terminator = term
            return
        super().set_terminator(term)


@variant(
    rules.STR_TERMINATOR_ENCODED,
    "kept-as-str",
    "set_terminator() of a str keeps it as it is: framing by it raises TypeError into "
    "handle_error().",
)
class StrTerminatorKept(spec_chat):
    def set_terminator(self, term: Any) -> None:
        if isinstance(term, str):
            fired(rules.STR_TERMINATOR_ENCODED)
            self.terminator = term
            return
        super().set_terminator(term)


@variant(
    rules.STR_TERMINATOR_ENCODED,
    "kept-as-text",
    "set_terminator() of a str keeps it as text; input is framed by its ASCII bytes and "
    "get_terminator() returns the text.",
)
class TextTerminatorKept(StrTerminatorKept):
    def locate(self, data: bytes, terminator: Any) -> int:
        return super().locate(data, _ascii(terminator))

    def holdback(self, data: bytes, terminator: Any) -> int:
        return super().holdback(data, _ascii(terminator))


def _ascii(term: Any) -> Any:
    return term.encode("ascii") if isinstance(term, str) else term


# -- what a subclass inherits ------------------------------------------------------------------


@variant(rules.BUFFER_SIZES, "4096", "ac_in_buffer_size and ac_out_buffer_size are 4096.")
class SmallBuffers:
    ac_in_buffer_size = 4096
    ac_out_buffer_size = 4096


@variant(rules.ENCODING_DEFAULTS, "absent", "There is no use_encoding or encoding attribute.")
class NoEncodingAttributes:
    use_encoding = Absent("use_encoding", rules.ENCODING_DEFAULTS)
    encoding = Absent("encoding", rules.ENCODING_DEFAULTS)


@variant(
    rules.INCOMING_COLLECT,
    "absent",
    "There is no incoming list and no _collect_incoming_data(); discard_buffers() has no "
    "incoming list to empty.",
)
class NoIncoming:
    incoming = Absent("incoming", rules.INCOMING_COLLECT)
    _collect_incoming_data = Absent("_collect_incoming_data", rules.INCOMING_COLLECT)

    def discard_incoming(self) -> None:
        pass


@variant(rules.INCOMING_GET, "absent", "There is no _get_data().")
class NoGetData:
    _get_data = Absent("_get_data", rules.INCOMING_GET)


# -- a channel with no socket -----------------------------------------------------------------


@variant(
    rules.NOTHING_AFTER_CLOSE,
    "no-socket-raises",
    "On a channel made with no socket, a send attempt that leaves output queued raises "
    "TypeError (its loop is asked to watch no file descriptor); the output stays queued.",
)
class NoSocketRaises(spec_chat):
    def initiate_send(self) -> None:
        super().initiate_send()
        if self.socket is None and self.producer_fifo:
            fired(rules.NOTHING_AFTER_CLOSE)
            raise TypeError("an integer is required (got type NoneType)")


__all__ = ["Variant", "VARIANTS", "variant_for", "model_class", "Absent"]
