"""What a subclass inherits and reaches into: the class attributes'
defaults, the ``NotImplementedError`` callbacks, the type of the data
``collect_incoming_data()`` is handed, the ``incoming`` helpers and
``producer_fifo``."""

import pytest

from asynchat_conformance.core.scenario import (
    Batch,
    CallMethod,
    CloseWhenDone,
    Deliver,
    DiscardBuffers,
    Inspect,
    Observe,
    Push,
    PushProducer,
    Scenario,
    SetTerminator,
)
from asynchat_conformance.suite.registry import case


@case(
    "class.buffer-size-defaults",
    "ac_in_buffer_size and ac_out_buffer_size are 65536 unless a subclass sets them.",
    api="async_chat.ac_in_buffer_size",
    rules=("defaults.buffer-sizes",),
)
def test_buffer_sizes(conform):
    conform(Scenario(steps=(Inspect("ac_in_buffer_size"), Inspect("ac_out_buffer_size"))))


@case(
    "class.encoding-defaults",
    "use_encoding is 0 (off) and encoding is 'latin-1' unless a subclass sets them.",
    api="async_chat.use_encoding",
    rules=("defaults.encoding",),
)
def test_encoding_defaults(conform):
    conform(Scenario(steps=(Inspect("use_encoding"), Inspect("encoding"))))


@case(
    "class.not-implemented",
    "async_chat's own collect_incoming_data() and found_terminator() raise NotImplementedError.",
    api="async_chat.collect_incoming_data",
    rules=("defaults.not-implemented",),
)
def test_not_implemented(conform):
    conform(
        Scenario(
            steps=(
                CallMethod("collect_incoming_data", (b"data",), own=True),
                CallMethod("found_terminator", own=True),
            )
        )
    )


@case(
    "collect.bytes",
    "collect_incoming_data() is handed bytes objects -- not memoryview or bytearray slices -- "
    "whatever the terminator and however the reads split the stream.",
    api="async_chat.collect_incoming_data",
)
@pytest.mark.parametrize(
    "terminator, chunks",
    [
        (b"\r\n", (b"one\r\ntw", b"o\r", b"\nthree")),
        (b"\r\n.\r\n", (b"a\r\n", b".\r", b"\n", b"b\r\n.")),
        (
            5,
            (
                b"12",
                b"3456789",
            ),
        ),
        (None, (b"any", b"thing")),
    ],
    ids=["crlf", "multi-byte-split", "count", "none"],
)
def test_collected_bytes(conform, terminator, chunks):
    conform(
        Scenario(
            steps=(Observe("collected-types"),) + tuple(Deliver(c) for c in chunks),
            terminator=terminator,
        )
    )


@case(
    "incoming.collect-and-get",
    "_collect_incoming_data() appends to incoming; _get_data() returns the chunks joined as bytes "
    "and empties incoming, so every message starts afresh.",
    api="async_chat._get_data",
)
def test_incoming(conform):
    conform(
        Scenario(
            steps=(
                Observe("incoming"),
                Deliver(b"ab"),
                Deliver(b"c\r\nde\r\nf"),
                Inspect("incoming"),
                Deliver(b"g\r\n"),
                Inspect("incoming"),
                CallMethod("_get_data"),
                Inspect("incoming"),
            )
        )
    )


@case(
    "incoming.get-data-empty",
    "_get_data() with nothing collected returns b'' (a message that was only a terminator).",
    api="async_chat._get_data",
)
def test_get_data_empty(conform):
    conform(Scenario(steps=(Observe("incoming"), CallMethod("_get_data"), Inspect("incoming"))))


@case(
    "incoming.discard",
    "discard_buffers() empties incoming: a message collected in part before it starts afresh.",
    api="async_chat.discard_buffers",
)
@pytest.mark.parametrize("where", ["between-reads", "in-found-terminator"])
def test_incoming_discard(conform, where):
    if where == "between-reads":
        conform(
            Scenario(
                steps=(
                    Observe("incoming"),
                    Deliver(b"dropped"),
                    DiscardBuffers(),
                    Inspect("incoming"),
                    Deliver(b"kept\r\n"),
                )
            )
        )
    else:
        # The first message is taken with _get_data(); the reaction then
        # collects a fragment by hand and discards it.
        conform(
            Scenario(
                steps=(Observe("incoming"), Deliver(b"one\r\ntwo\r\n")),
                on_found=(
                    (
                        CallMethod("_collect_incoming_data", (b"stray",)),
                        DiscardBuffers(),
                        SetTerminator(b"\r\n"),
                        Inspect("incoming"),
                    ),
                ),
            )
        )


@case(
    "queue.producer-fifo",
    "producer_fifo holds what is still queued, in order, as a sequence: the rest of the blocks "
    "push() split, producers, and None for close_when_done().",
    api="async_chat.producer_fifo",
)
def test_producer_fifo(conform):
    conform(
        Scenario(
            steps=(
                Batch(
                    (
                        Push(b"abcdef"),
                        Inspect("producer_fifo"),
                        PushProducer((b"p",)),
                        CloseWhenDone(),
                        Inspect("producer_fifo"),
                    )
                ),
            ),
            ac_out_buffer_size=2,
        )
    )
