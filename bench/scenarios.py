"""The scenarios: user callbacks, payloads and what each one measures.

The handlers are the "user code": one mixin per scenario, combined with each
implementation's ``async_chat`` (or the ideal loop), so every implementation
runs exactly the same callbacks.
"""

import io
import random
from dataclasses import dataclass, field
from typing import Any, Callable, List, Tuple

KiB = 1024
MiB = 1024 * KiB


# -- user code: receiving -------------------------------------------------------


class Lines:
    """Collects the pieces of a message and joins them at the terminator:
    about the least a real protocol handler does per message."""

    def bench_reset(self) -> None:
        self.parts: List[bytes] = []
        self.messages = 0
        self.nbytes = 0

    def collect_incoming_data(self, data: bytes) -> None:
        self.parts.append(data)

    def found_terminator(self) -> None:
        message = b"".join(self.parts)
        self.parts.clear()
        self.messages += 1
        self.nbytes += len(message)

    def bench_result(self) -> Tuple[int, int]:
        return self.messages, self.nbytes


class Counts(Lines):
    """The light handler: counts messages and bytes, keeps nothing, so the
    framing's own cost per message shows."""

    def collect_incoming_data(self, data: bytes) -> None:
        self.nbytes += len(data)

    def found_terminator(self) -> None:
        self.messages += 1


class LengthPrefixed(Lines):
    """A 4-byte big-endian length, then that many bytes of body."""

    def bench_reset(self) -> None:
        Lines.bench_reset(self)
        self.in_header = True

    def found_terminator(self) -> None:
        data = b"".join(self.parts)
        self.parts.clear()
        if self.in_header:
            self.in_header = False
            self.set_terminator(int.from_bytes(data, "big"))  # type: ignore[attr-defined]
        else:
            self.in_header = True
            self.messages += 1
            self.nbytes += len(data)
            self.set_terminator(4)  # type: ignore[attr-defined]


class Bulk(Lines):
    """No terminator: count what arrives."""

    def collect_incoming_data(self, data: bytes) -> None:
        self.nbytes += len(data)

    def found_terminator(self) -> None:
        raise AssertionError("no terminator was set")


# -- user code: sending -------------------------------------------------------------


class Sender:
    def collect_incoming_data(self, data: bytes) -> None:
        raise AssertionError("the sending channel reads nothing")

    def found_terminator(self) -> None:
        raise AssertionError("the sending channel reads nothing")


class FileProducer:
    """A producer reading a file in large chunks (256 KiB, above the
    default ``ac_out_buffer_size``)."""

    def __init__(self, data: bytes, chunk: int = 256 * KiB) -> None:
        self.file = io.BytesIO(data)
        self.chunk = chunk

    def more(self) -> bytes:
        return self.file.read(self.chunk)


# -- payloads -----------------------------------------------------------------------

_ALPHABET = bytes(range(ord("a"), ord("z") + 1)) * 4


def _text(size: int, seed: int) -> bytes:
    """``size`` bytes with neither CR nor LF in them."""
    out = bytearray()
    while len(out) < size:
        out += _ALPHABET[seed % 26 : seed % 26 + min(size - len(out), 78)]
        seed += 7
    return bytes(out)


@dataclass
class ReceivePayload:
    data: bytes
    expected: Tuple[int, int]  # messages, message bytes


def lines(line_length: int, size: int) -> ReceivePayload:
    count = max(1, size // (line_length + 2))
    line = _text(line_length, line_length)
    return ReceivePayload((line + b"\r\n") * count, (count, count * line_length))


def split_records(size: int) -> ReceivePayload:
    """64-byte records ending in ``b"\\r\\n\\r\\n"``, laid out so that every
    1024-byte read ends in the middle of a terminator (the first record is
    two bytes longer)."""
    first = _text(62, 1) + b"\r\n\r\n"
    record = _text(60, 2) + b"\r\n\r\n"
    count = max(1, size // 64 - 1)
    return ReceivePayload(first + record * count, (count + 1, 62 + 60 * count))


def length_prefixed(size: int) -> ReceivePayload:
    rng = random.Random(7)
    body = _text(256, 3)
    parts = []
    total = messages = 0
    while total < size:
        length = rng.randint(1, 256)
        parts.append(length.to_bytes(4, "big") + body[:length])
        total += 4 + length
        messages += 1
    data = b"".join(parts)
    return ReceivePayload(data, (messages, total - 4 * messages))


def bulk(size: int) -> ReceivePayload:
    return ReceivePayload(_text(4096, 5) * (size // 4096), (0, size // 4096 * 4096))


@dataclass
class SendPayload:
    """``batches(impl)`` gives the user code, one callable per batch; the
    peer reads between batches."""

    make_batches: Callable[[Any], List[Callable[[Any], None]]]
    expected: int

    def batches(self, impl: Any) -> List[Callable[[Any], None]]:
        return self.make_batches(impl)


#: Pushes per batch at most: each small send() costs the socket a buffer of
#: its own (some 700 bytes of kernel accounting), so a longer batch of tiny
#: blocks would fill the socket long before its byte capacity.
MAX_BATCH = 1024


def pushes(block_size: int, size: int, batch_bytes: int = 256 * KiB) -> SendPayload:
    block = _text(block_size, block_size)
    count = max(1, size // block_size)
    per_batch = max(1, min(count, batch_bytes // block_size, MAX_BATCH))

    def batch_of(n: int) -> Callable[[Any], None]:
        def batch(channel: Any) -> None:
            push = channel.push
            for _ in range(n):
                push(block)

        return batch

    def make(impl: Any) -> List[Callable[[Any], None]]:
        full, rest = divmod(count, per_batch)
        return [batch_of(per_batch)] * full + ([batch_of(rest)] if rest else [])

    return SendPayload(make, count * block_size)


def producers(kind: str, payload_size: int, count: int) -> SendPayload:
    data = _text(payload_size, 9)

    def make(impl: Any) -> List[Callable[[Any], None]]:
        batches: List[Callable[[Any], None]] = []
        for _ in range(count):
            producer = impl.simple_producer(data) if kind == "simple" else FileProducer(data)

            def push(channel: Any, p: Any = producer) -> None:
                channel.push_with_producer(p)

            batches.append(push)
        return batches

    return SendPayload(make, payload_size * count)


# -- scenarios -----------------------------------------------------------------------


@dataclass
class Scenario:
    id: str
    title: str
    kind: str  # "receive" or "send"
    make: Callable[[int], Any]  # bytes -> payload
    size: int  # payload bytes in a full run
    handler: type = Lines
    terminator: Any = b"\r\n"
    in_buffer_size: int = 65536
    out_buffer_size: int = 65536
    queued: bool = False
    _cache: dict = field(default_factory=dict, repr=False)

    def payload(self, size: int) -> Any:
        if size not in self._cache:
            self._cache[size] = self.make(size)
        return self._cache[size]


def scenarios() -> List[Scenario]:
    return [
        Scenario(
            "recv.lines8",
            "receive: 8-byte lines, b'\\r\\n', joined",
            "receive",
            lambda n: lines(8, n),
            1 * MiB,
        ),
        Scenario(
            "recv.lines8.light",
            "receive: 8-byte lines, counted",
            "receive",
            lambda n: lines(8, n),
            1 * MiB,
            handler=Counts,
        ),
        Scenario(
            "recv.lines64",
            "receive: 64-byte lines, joined",
            "receive",
            lambda n: lines(64, n),
            4 * MiB,
        ),
        Scenario(
            "recv.lines64.light",
            "receive: 64-byte lines, counted",
            "receive",
            lambda n: lines(64, n),
            4 * MiB,
            handler=Counts,
        ),
        Scenario(
            "recv.lines1k",
            "receive: 1 KiB lines, joined",
            "receive",
            lambda n: lines(1024, n),
            16 * MiB,
        ),
        Scenario(
            "recv.lines1k.light",
            "receive: 1 KiB lines, counted",
            "receive",
            lambda n: lines(1024, n),
            16 * MiB,
            handler=Counts,
        ),
        Scenario(
            "recv.lines64k", "receive: 64 KiB lines", "receive", lambda n: lines(65536, n), 32 * MiB
        ),
        Scenario(
            "recv.split4",
            "receive: 4-byte terminator split by every read",
            "receive",
            split_records,
            4 * MiB,
            terminator=b"\r\n\r\n",
            in_buffer_size=1024,
        ),
        Scenario(
            "recv.prefixed",
            "receive: 4-byte length prefix, then body",
            "receive",
            length_prefixed,
            4 * MiB,
            handler=LengthPrefixed,
            terminator=4,
        ),
        Scenario(
            "recv.bulk",
            "receive: terminator None (bulk)",
            "receive",
            bulk,
            64 * MiB,
            handler=Bulk,
            terminator=None,
        ),
        Scenario(
            "send.push16",
            "send: push() 16 B blocks",
            "send",
            lambda n: pushes(16, n),
            512 * KiB,
            handler=Sender,
        ),
        Scenario(
            "send.push4k",
            "send: push() 4 KiB blocks",
            "send",
            lambda n: pushes(4096, n),
            16 * MiB,
            handler=Sender,
        ),
        Scenario(
            "send.push1m",
            "send: push() 1 MiB blocks",
            "send",
            lambda n: pushes(MiB, n, batch_bytes=MiB),
            64 * MiB,
            handler=Sender,
        ),
        Scenario(
            "send.tiny",
            "send: many tiny push()es (1 B)",
            "send",
            lambda n: pushes(1, n),
            32 * KiB,
            handler=Sender,
        ),
        Scenario(
            "send.queued",
            "send: 4 B push()es queued behind a full socket",
            "send",
            lambda n: pushes(4, n),
            64 * KiB,
            handler=Sender,
            queued=True,
        ),
        Scenario(
            "send.simple_producer",
            "send: simple_producer, 256 KiB payloads",
            "send",
            lambda n: producers("simple", 256 * KiB, max(1, n // (256 * KiB))),
            2 * MiB,
            handler=Sender,
        ),
        Scenario(
            "send.file_producer",
            "send: custom producer, 256 KiB chunks",
            "send",
            lambda n: producers("file", MiB, max(1, n // MiB)),
            32 * MiB,
            handler=Sender,
        ),
    ]


@dataclass
class Series:
    id: str
    title: str
    parameter: str
    values: List[int]
    scenario: Callable[[int, bool], Tuple[Scenario, int]]  # value, quick -> scenario, bytes


def _lines_at(read_size: int, quick: bool) -> Tuple[Scenario, int]:
    size = max((2 if quick else 4) * read_size, (256 * KiB) if quick else MiB)
    return Scenario(
        "series.lines8.%d" % read_size,
        "8-byte lines",
        "receive",
        lambda n: lines(8, n),
        size,
        in_buffer_size=read_size,
    ), size


def _producer_of(payload: int, quick: bool) -> Tuple[Scenario, int]:
    return Scenario(
        "series.simple_producer.%d" % payload,
        "simple_producer",
        "send",
        lambda n: producers("simple", payload, 1),
        payload,
        handler=Sender,
    ), payload


def _blocks_of(block: int, quick: bool) -> Tuple[Scenario, int]:
    # From 16 MiB on, a block takes several send() calls: the socket pair
    # holds some 8 MiB.
    size = block if quick else max(2 * block, 8 * MiB)
    return Scenario(
        "series.push_block.%d" % block,
        "push() blocks",
        "send",
        lambda n: pushes(block, n, batch_bytes=block),
        size,
        handler=Sender,
        out_buffer_size=block,
    ), size


def series() -> List[Series]:
    return [
        Series(
            "series.lines8",
            "8-byte lines: cost per byte as ac_in_buffer_size grows",
            "ac_in_buffer_size",
            [4 * KiB, 16 * KiB, 64 * KiB, 256 * KiB, MiB],
            _lines_at,
        ),
        Series(
            "series.simple_producer",
            "simple_producer (buffer_size 512): cost per byte as its payload grows",
            "payload",
            [64 * KiB, 256 * KiB, MiB, 4 * MiB],
            _producer_of,
        ),
        Series(
            "series.push_block",
            "push() of blocks the size of ac_out_buffer_size, one per batch: "
            "cost per byte as one queued block grows",
            "block",
            [MiB, 4 * MiB, 16 * MiB, 64 * MiB],
            _blocks_of,
        ),
    ]


def describe_size(size: int) -> str:
    if size >= MiB and size % MiB == 0:
        return "%d MiB" % (size // MiB)
    if size >= KiB and size % KiB == 0:
        return "%d KiB" % (size // KiB)
    return "%d B" % size
