"""Deviation variants: what a port does instead of a rule, as spec code.

A recorded deviation names a rule and, when the rule has several, one of its
variants here (``rule-id/variant-name: reason``).  The model then plays the
specification (``asynchat_reference.spec.async_chat``) with the recorded
variants' mixins applied, and the port must match that model exactly: a
record excuses the difference it describes and nothing else.

Each variant is a mixin of the spec channel, a few short methods overriding
the rule's steps, readable as "what this port does instead".  A mixin that
changes output or input steps says so with a nested ``Output`` (a
``SpecOutput`` subclass) or ``Input`` (a ``SpecInput`` subclass); the model
composes them with the channel (``model_class``).  Overrides cooperate: each
handles the case its rule is about and hands every other case to ``super()``,
so any set of variants composes; a variant declared after another may refine
a step that one introduces.  Each still notes its rule
(``asynchat_reference.rules.fired``) where it decides differently.
"""

import errno
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Deque, Dict, FrozenSet, Optional, Tuple

from asynchat_reference import rules
from asynchat_reference.producers import simple_producer
from asynchat_reference.rules import fired
from asynchat_reference.spec import SpecInput, SpecOutput
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
    outputs = tuple(vars(m)["Output"] for m in mixins if "Output" in vars(m))
    inputs = tuple(vars(m)["Input"] for m in mixins if "Input" in vars(m))
    if outputs:
        namespace["_output_queue"] = type("VariantOutput", outputs, {})
    if inputs:
        namespace["_framing"] = type("VariantInput", inputs, {})
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
class CloseMarkCloses:
    class Output(SpecOutput):
        def reach_close_mark(self, chat: Any) -> bool:
            self.fifo.popleft()
            fired(rules.CLOSE_MARK)
            chat.close()
            return False


@variant(
    rules.CLOSE_QUEUED,
    "idle-closes-at-once",
    "close_when_done() with nothing queued calls handle_close() at once; otherwise it "
    "queues the close mark.",
)
class IdleCloseAtOnce:
    class Output(SpecOutput):
        def close_when_done(self, chat: Any) -> None:
            if self.fifo:
                super().close_when_done(chat)
                return
            fired(rules.CLOSE_QUEUED)
            chat.handle_close()


@variant(
    rules.NOTHING_AFTER_CLOSE,
    "stays-connected",
    "close() leaves connected true, so output after a close is sent on the closed socket "
    "and the OSError goes to handle_error().",
)
class StaysConnected:
    def close(self) -> None:
        connected = self.connected  # type: ignore[has-type]
        super().close()  # type: ignore[misc]
        self.connected = connected

    def send(self, data: Any) -> Any:
        if self.socket.fileno() < 0:  # type: ignore[attr-defined]
            fired(rules.NOTHING_AFTER_CLOSE)
        return super().send(data)  # type: ignore[misc]


_CPYTHON_DISCONNECTED = frozenset(
    (
        errno.ECONNRESET,
        errno.ENOTCONN,
        errno.ESHUTDOWN,
        errno.ECONNABORTED,
        errno.EPIPE,
        errno.EBADF,
    )
)


class _DisconnectErrnos:
    """The dispatcher's recv() and send() with their own sets of errnos that
    mean the peer is gone (handle_close()); any other errno is raised."""

    recv_disconnects: FrozenSet[int] = _CPYTHON_DISCONNECTED
    send_disconnects: FrozenSet[int] = _CPYTHON_DISCONNECTED

    def recv(self, size: int) -> bytes:
        try:
            data = self.socket.recv(size)  # type: ignore[attr-defined]
        except OSError as error:
            if error.errno in self.recv_disconnects:
                self.handle_close()  # type: ignore[attr-defined]
                return b""
            raise
        if not data:
            self.handle_close()  # type: ignore[attr-defined]
        return data  # type: ignore[no-any-return]

    def send(self, data: Any) -> int:
        try:
            return self.socket.send(data)  # type: ignore[attr-defined,no-any-return]
        except OSError as error:
            if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
                return 0
            if error.errno in self.send_disconnects:
                self.handle_close()  # type: ignore[attr-defined]
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
    recv_disconnects = send_disconnects = _CPYTHON_DISCONNECTED | {errno.ETIMEDOUT}


# -- pushing -------------------------------------------------------------------------------


def _no_encode(data: Any) -> AttributeError:
    return AttributeError("%r object has no attribute 'encode'" % type(data).__name__)


@variant(
    rules.TYPE_ERROR,
    "encodes-str",
    "push() of a str queues it encoded as UTF-8; push() of an int or None raises "
    "AttributeError, not TypeError.",
)
class PushEncodesStr:
    class Output(SpecOutput):
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
class PushQueuesText:
    class Output(SpecOutput):
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
class BytesLikeRefused:
    class Output(SpecOutput):
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
class MemoryviewAsProducer:
    class Output(SpecOutput):
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
class PushedAsProducer:
    class Output(SpecOutput):
        def split_pushed(self, chat: Any, data: Any) -> Any:
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
class OutputBuffer:
    @property
    def ac_out_buffer(self) -> bytes:
        return self._output.buffer  # type: ignore[attr-defined,no-any-return]

    @ac_out_buffer.setter
    def ac_out_buffer(self, data: bytes) -> None:
        self._output.buffer = data  # type: ignore[attr-defined]

    def writable(self) -> bool:
        return bool(self._output.buffer) or super().writable()  # type: ignore[attr-defined,misc]

    class Output(SpecOutput):
        def __init__(self) -> None:
            super().__init__()
            self.fifo = fifo()
            self.buffer = b""

        def initiate_send(self, chat: Any) -> None:
            limit = chat.ac_out_buffer_size
            if len(self.buffer) < limit:
                self.fill_buffer(chat)
            self.send_buffer(chat, limit)

        def send_buffer(self, chat: Any, limit: int) -> None:
            if not (self.buffer and self.can_send(chat)):
                return
            try:
                sent = chat.send(self.buffer[:limit])
            except OSError as error:
                self.send_failed(chat, error)
                return
            if sent:
                self.buffer = self.buffer[sent:]

        def fill_buffer(self, chat: Any) -> None:
            """One step on the queue that adds to the buffer, dropping the
            exhausted producers on the way."""
            while self.fifo:
                head = self.fifo[0]
                if head is None:
                    if not self.buffer:
                        self.reach_close_mark(chat)
                    return
                if isinstance(head, bytes):
                    self.fifo.popleft()
                    self.add_to_buffer(head)
                    return
                data = head.more()
                if data:
                    fired(rules.PRODUCER_MORE)
                    self.add_to_buffer(data)
                    return
                self.producer_exhausted(chat)

        def add_to_buffer(self, data: Any) -> None:
            if self.buffer:
                fired(rules.HEAD_ONLY)
            self.buffer = self.join(self.buffer, data)

        def join(self, buffer: Any, data: Any) -> Any:
            return buffer + data

        def discard(self, chat: Any) -> None:
            super().discard(chat)
            self.buffer = b""


@variant(
    rules.STR_OUTPUT_ENCODED,
    "raw-ucs4",
    "A str at the head of the queue is sent as its in-memory bytes (UCS-4, little-endian), "
    "ac_out_buffer_size of them at a time, whatever use_encoding says.",
)
class TextSentRaw:
    class Output(SpecOutput):
        def block_to_offer(self, chat: Any, head: Any) -> Any:
            if isinstance(head, str):
                fired(rules.STR_OUTPUT_ENCODED)
                return head.encode("utf-32-le")[: chat.ac_out_buffer_size]
            return super().block_to_offer(chat, head)


@variant(
    rules.STR_OUTPUT_ENCODED,
    "ascii-joined",
    "(With the out-buffer variant.)  A str from a producer joins the output buffer as text, "
    "the bytes there read as ASCII, and goes to send() as text, which encodes it as ASCII: "
    "a non-ASCII character raises UnicodeEncodeError out of the send attempt.",
)
class TextJoinedAsAscii:
    def send(self, data: Any) -> Any:
        if isinstance(data, str):
            fired(rules.STR_OUTPUT_ENCODED)
            data = data.encode("ascii")
        return super().send(data)  # type: ignore[misc]

    class Output(SpecOutput):
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
class ReadableBounded:
    def readable(self) -> bool:
        if len(self.ac_in_buffer) > self.ac_in_buffer_size:  # type: ignore[attr-defined]
            fired(rules.ALWAYS_READABLE)
            return False
        return super().readable()  # type: ignore[misc,no-any-return]


@variant(
    rules.BLOCKING_IGNORED,
    "error",
    "A recv() that raises BlockingIOError goes to handle_error() like any other OSError.",
)
class BlockingIsError:
    def read_failed(self, error: OSError) -> None:
        if isinstance(error, BlockingIOError):
            fired(rules.BLOCKING_IGNORED)
            self.handle_error()  # type: ignore[attr-defined]
            return
        super().read_failed(error)  # type: ignore[misc]


@variant(
    rules.NEGATIVE_COUNT,
    "accepted",
    "set_terminator() accepts a negative integer, which then frames like a count.",
)
class NegativeCountAccepted:
    def set_terminator(self, term: Any) -> None:
        if isinstance(term, int) and term < 0:
            fired(rules.NEGATIVE_COUNT)
            self.terminator = term
            return
        super().set_terminator(term)  # type: ignore[misc]


@variant(
    rules.STR_TERMINATOR_ENCODED,
    "kept-as-str",
    "set_terminator() of a str keeps it as it is: framing by it raises TypeError into "
    "handle_error().",
)
class StrTerminatorKept:
    def set_terminator(self, term: Any) -> None:
        if isinstance(term, str):
            fired(rules.STR_TERMINATOR_ENCODED)
            self.terminator = term
            return
        super().set_terminator(term)  # type: ignore[misc]


@variant(
    rules.STR_TERMINATOR_ENCODED,
    "kept-as-text",
    "set_terminator() of a str keeps it as text; input is framed by its ASCII bytes and "
    "get_terminator() returns the text.",
)
class TextTerminatorKept(StrTerminatorKept):
    class Input(SpecInput):
        def locate(self, data: bytes, term: Any) -> int:
            return super().locate(data, _ascii(term))

        def holdback(self, data: bytes, term: Any) -> int:
            return super().holdback(data, _ascii(term))


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
class NoSocketRaises:
    def initiate_send(self) -> None:
        super().initiate_send()  # type: ignore[misc]
        if self.socket is None and self.producer_fifo:  # type: ignore[attr-defined]
            fired(rules.NOTHING_AFTER_CLOSE)
            raise TypeError("an integer is required (got type NoneType)")


__all__ = ["Variant", "VARIANTS", "variant_for", "model_class", "Absent"]
