"""The fast path of the output rules against their readable statement.

``reference.async_chat`` queues and sends through ``reference.output``'s
``OutputQueue`` -- large pushes queued as memoryview slices, the commonest
head (a ``bytes`` block within the limit) sent inline -- while
``reference.spec.async_chat`` takes every step by a method of its own, one
rule a method.  Hypothesis drives both with the same
scripts -- pushes of bytes, bytes subclasses, bytearray, memoryview and what
push() refuses; producers (chunked, falsy, pushing from inside more(),
simple_producer, a str or bytes given to push_with_producer()); close marks;
discard_buffers(); changes of ac_out_buffer_size and use_encoding; a channel
that closes or not on the close mark, goes away, reconnects; and send()
taking what each drawn size says (nothing, part, all, more than offered,
None, or raising OSError), now and then pushing from inside send() --
and the two must offer send() the same bytes, make the same calls and leave
the same queue, at every step.
"""

from dataclasses import dataclass
from typing import Any, List, Optional, Tuple

from hypothesis import example, given, settings
from hypothesis import strategies as st

import asynchat_reference as reference
import asynchat_reference.spec

PROPERTY = settings(max_examples=500, deadline=None, derandomize=True, database=None)


class Bytes(bytes):
    """A bytes subclass: push() takes it, as CPython's isinstance() check does."""


# -- what the scripts are made of ---------------------------------------------------

small_data = st.binary(max_size=12)
#: Now and then longer than simple_producer's 512-byte piece, the old
#: 4096-byte buffer, or the 65536-byte default limit.
data = st.one_of(
    small_data,
    small_data,
    st.sampled_from([600, 5000, 70000]).map(lambda n: bytes(range(256)) * (n // 256)),
)

pushed = st.one_of(
    data,
    data.map(Bytes),
    data.map(bytearray),
    data.map(lambda b: memoryview(b)),
    st.sampled_from(["text", 42, None, [b"a"]]),  # refused with TypeError
)
chunks = st.lists(st.one_of(small_data, small_data, st.text("ab\xe9", max_size=5)), max_size=4)

ops = st.one_of(
    st.tuples(st.just("push"), pushed),
    st.tuples(st.just("producer"), chunks, st.booleans()),  # (chunks, falsy)
    st.tuples(st.just("pushing producer"), chunks, small_data),  # pushes from its first more()
    st.tuples(st.just("simple producer"), data, st.integers(0, 6)),
    st.tuples(st.just("push with producer"), st.one_of(st.text("ab\xe9", max_size=6), small_data)),
    st.just(("close when done",)),
    st.just(("writable event",)),
    st.just(("writable event",)),
    st.just(("discard",)),
    st.tuples(st.just("limit"), st.sampled_from([1, 2, 3, 5, 8, 65536])),
    st.tuples(
        st.just("encoding"), st.sampled_from([0, 1]), st.sampled_from(["latin-1", "utf-16-le"])
    ),
    st.tuples(st.just("connected"), st.booleans(), st.booleans()),  # (connected, connecting)
)

#: What one send() does: take at most n bytes, or exactly n (even more than
#: offered), return None, or raise; or take at most n and push more from
#: inside send() (a send attempt within the send attempt).
sends = st.one_of(
    st.tuples(st.just("at most"), st.integers(0, 9)),
    st.tuples(st.just("at most"), st.integers(0, 9)),
    st.tuples(st.just("pushes"), st.integers(0, 9), small_data),
    st.tuples(st.just("exactly"), st.integers(0, 12)),
    st.just(("none",)),
    st.just(("error",)),
)


@dataclass(frozen=True)
class Script:
    limit: int
    use_encoding: int
    closes: bool  # whether handle_close() marks the channel disconnected
    ops: Tuple[Any, ...]
    sends: Tuple[Any, ...]  # one a send() call; then send() takes everything


scripts = st.builds(
    Script,
    limit=st.sampled_from([1, 2, 3, 4, 7, 65536, 65536]),
    use_encoding=st.sampled_from([0, 1]),
    closes=st.booleans(),
    ops=st.lists(ops, max_size=25).map(tuple),
    sends=st.lists(sends, max_size=30).map(tuple),
)


# -- the scripted channel ------------------------------------------------------------------


def plain(value: Any) -> Any:
    """How a queue entry or an offer is compared: bytes-like as bytes (the
    fast path queues memoryview slices), producers by name."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    if isinstance(value, Producer):
        return "<%s>" % value.name
    if isinstance(value, reference.simple_producer):
        return ("<simple_producer>", bytes(value.data))  # type: ignore[arg-type]  # bytes here
    return value


class Producer:
    """Hands out its chunks, then b""; logs every more()."""

    def __init__(self, name: str, chunks: List[Any], log: List[Any]) -> None:
        self.name = name
        self.chunks = list(chunks)
        self.log = log

    def more(self) -> Any:
        data = self.chunks.pop(0) if self.chunks else b""
        self.log.append(("more", self.name, data))
        return data


class FalsyProducer(Producer):
    def __len__(self) -> int:
        return 0


class PushingProducer(Producer):
    """Pushes to its channel from inside its first more()."""

    def __init__(
        self, name: str, chunks: List[Any], log: List[Any], chat: Any, data: bytes
    ) -> None:
        super().__init__(name, chunks, log)
        self.chat = chat
        self.data: Optional[bytes] = data

    def more(self) -> Any:
        if self.data is not None:
            data, self.data = self.data, None
            self.log.append(("pushes inside more", data))
            self.chat.push(data)
        return super().more()


class Scripted:
    """Mixed into an ``async_chat``: no socket; send(), handle_close() and
    handle_error() log their calls and do what the script says."""

    def __init__(self, script: Script, log: List[Any]) -> None:
        super().__init__(sock=None, map={})  # type: ignore[call-arg]
        self.connected = True
        self.ac_out_buffer_size = script.limit
        self.use_encoding = script.use_encoding
        self.script = script
        self.sends = list(script.sends)
        self.log = log

    def send(self, data: Any) -> Any:
        if isinstance(data, str):
            self.log.append(("send refuses", data))
            raise TypeError("a bytes-like object is required, not 'str'")
        offered = bytes(data)
        how = self.sends.pop(0) if self.sends else ("at most", len(offered))
        self.log.append(("send", offered, how))
        if how[0] == "error":
            raise ConnectionResetError(104, "reset")
        if how[0] == "none":
            return None
        if how[0] == "pushes":
            self.push(how[2])  # type: ignore[attr-defined,misc]  # a mixin; a 3-tuple
        return how[1] if how[0] == "exactly" else min(how[1], len(offered))

    def handle_close(self) -> None:
        self.log.append(("handle_close",))
        if self.script.closes:
            self.connected = False

    def handle_error(self) -> None:
        self.log.append(("handle_error",))

    def collect_incoming_data(self, data: bytes) -> None:
        raise AssertionError("no input here")

    def found_terminator(self) -> None:
        raise AssertionError("no input here")


def perform(chat: Any, op: Tuple[Any, ...], number: int, log: List[Any]) -> None:
    kind = op[0]
    if kind == "push":
        chat.push(op[1])
    elif kind == "producer":
        chat.push_with_producer((FalsyProducer if op[2] else Producer)("p%d" % number, op[1], log))
    elif kind == "pushing producer":
        chat.push_with_producer(PushingProducer("p%d" % number, op[1], log, chat, op[2]))
    elif kind == "simple producer":
        chat.push_with_producer(reference.simple_producer(op[1], op[2]))
    elif kind == "push with producer":
        chat.push_with_producer(op[1])
    elif kind == "close when done":
        chat.close_when_done()
    elif kind == "writable event":
        if chat.writable():
            chat.handle_write()
    elif kind == "discard":
        chat.discard_buffers()
    elif kind == "limit":
        chat.ac_out_buffer_size = op[1]
    elif kind == "encoding":
        chat.use_encoding, chat.encoding = op[1], op[2]
    else:
        chat.connected, chat.connecting = op[1], op[2]


def output_log(chat_class: type, script: Script) -> List[Any]:
    """Everything the script makes ``chat_class`` do, and after each step
    the queue and writable()."""
    log: List[Any] = []
    chat = type("Scripted_" + chat_class.__module__.replace(".", "_"), (Scripted, chat_class), {})(
        script, log
    )
    for number, op in enumerate(script.ops):
        try:
            perform(chat, op, number, log)
        except Exception as error:
            # push()'s TypeError says what it refused; other messages
            # (an IndexError when re-entrant calls have emptied the queue)
            # depend on how the deque was asked.
            log.append(
                (
                    "raised",
                    type(error).__name__,
                    str(error) if isinstance(error, TypeError) else "",
                )
            )
        log.append(
            (
                "after",
                op[0],
                tuple(plain(entry) for entry in chat.producer_fifo),
                bool(chat.writable()),
            )
        )
    return log


@PROPERTY
@given(script=scripts)
# Pushes of more than 512 and 4096 bytes within the default limit, rare draws.
@example(
    script=Script(
        limit=65536,
        use_encoding=0,
        closes=True,
        sends=(("at most", 9),),
        ops=(("push", bytes(600)), ("push", bytearray(5000)), ("close when done",))
        + (("writable event",),) * 3,
    )
)
def test_fast_path_sends_as_the_rules_say(script):
    """reference.async_chat (OutputQueue and the inlined send) and
    reference.spec.async_chat (the rules, one method each) behave alike."""
    assert output_log(reference.async_chat, script) == output_log(
        asynchat_reference.spec.async_chat, script
    )


def test_a_long_queue_sends_alike():
    """At scale: pushes longer than the default limit (queued as views by the
    fast path), a producer's long chunk, partial sends of every size."""
    big = bytes(range(256)) * 600
    script = Script(
        limit=65536,
        use_encoding=0,
        closes=True,
        ops=(
            ("push", big),
            ("producer", [big[:70000], b"tail"], False),
            ("push", bytearray(big[:9000])),
            ("limit", 4096),
            ("push", big[:20000]),
            ("close when done",),
        )
        + (("writable event",),) * 200,
        sends=tuple(("at most", n) for n in (0, 1, 4095, 4096, 65535, 70000, 3, 0) * 6),
    )
    fast = output_log(reference.async_chat, script)
    assert fast == output_log(asynchat_reference.spec.async_chat, script)
    assert ("handle_close",) in fast, "the close mark was reached"
