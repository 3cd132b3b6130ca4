"""Output: push() and its type checks, splitting by ac_out_buffer_size,
producers, close_when_done() and discard_buffers()."""

import pytest

from asynchat_conformance.core.scenario import (
    Batch,
    CloseWhenDone,
    Deliver,
    DiscardBuffers,
    Observe,
    PeerClose,
    Push,
    PushProducer,
    PushReentrantProducer,
    PushSimpleProducer,
    Scenario,
    SetTerminator,
)
from asynchat_conformance.suite.registry import case


@case(
    "push.bytes-like",
    "push() accepts bytes, bytearray and memoryview and the peer receives them in order.",
    api="async_chat.push",
)
def test_push_bytes_like(conform):
    conform(
        Scenario(steps=(Push(b"bytes "), Push(bytearray(b"bytearray ")), Push(memoryview(b"view"))))
    )


@case(
    "push.type-error",
    "push() of a str or an int raises TypeError and queues nothing.",
    api="async_chat.push",
)
@pytest.mark.parametrize("value", ["text", 42, None])
def test_push_type_error(conform, value):
    conform(Scenario(steps=(Push(b"a"), Push(value), Push(b"b"))))


@case(
    "push.larger-than-out-buffer",
    "Data larger than ac_out_buffer_size reaches the peer whole and in order.",
    api="async_chat.ac_out_buffer_size",
)
@pytest.mark.parametrize("size", [1, 3, 4096])
def test_push_large(conform, size):
    payload = bytes(range(256)) * 40
    conform(Scenario(steps=(Push(payload), Push(b"end")), ac_out_buffer_size=size))


@case(
    "push.partial-send",
    "A send() that takes only part of a block leaves the rest at the head of the queue: the "
    "peer receives every byte once, in order.",
    api="async_chat.push",
)
def test_push_partial_send(conform):
    # The first block half fills the small socket buffer, so the next one
    # (a 6000-byte piece of the split push) goes out partially; once the
    # peer has read, the rest fits whole.
    payload = b"".join(b"%05d," % i for i in range(2000))  # no two pieces alike
    conform(
        Scenario(
            steps=(Batch((Push(b"<" * 3000), Push(payload), Push(b"end"))),),
            ac_out_buffer_size=6000,
            socket_buffer=4096,
        )
    )


@case(
    "push.empty",
    "An empty push() sends nothing and does not disturb what is queued after it.",
    api="async_chat.push",
)
def test_push_empty(conform):
    conform(Scenario(steps=(Push(b""), Push(b"after"), Push(b""), CloseWhenDone())))


@case(
    "producer.push-with-producer",
    "push_with_producer() sends what the producer's more() returns, in order,"
    " until it returns b''.",
    api="async_chat.push_with_producer",
)
@pytest.mark.parametrize(
    "chunks",
    [(b"one",), (b"a", b"bc", b"def"), (b"x" * 70000, b"y")],
    ids=["single", "several", "larger-than-out-buffer"],
)
def test_push_with_producer(conform, chunks):
    conform(Scenario(steps=(Push(b"<"), PushProducer(chunks), Push(b">"))))


@case(
    "producer.exhaustion",
    "An exhausted producer is dropped and what was queued after it is sent.",
    api="async_chat.push_with_producer",
)
def test_producer_exhaustion(conform):
    conform(
        Scenario(
            steps=(
                Batch(
                    (
                        Push(b"abc"),
                        PushProducer(()),
                        PushProducer((b"1",)),
                        Push(b"2"),
                        PushProducer((b"3", b"4")),
                        PushProducer(()),
                        Push(b"tail"),
                        CloseWhenDone(),
                    )
                ),
            ),
            ac_out_buffer_size=1,
        )
    )


@case(
    "producer.push-inside-more",
    "A push() from inside a producer's more() is sent as CPython sends it -- at once, before the "
    "chunk more() then returns -- and nothing is lost or repeated.",
    api="async_chat.push_with_producer",
)
def test_push_inside_more(conform):
    conform(Scenario(steps=(PushReentrantProducer(b"chunk", b"pushed"), Push(b"after"))))


@case(
    "producer.simple-producer",
    "simple_producer hands its data to the channel in buffer_size pieces (512 bytes when no "
    "size is given) that the peer receives whole.",
    api="simple_producer",
)
@pytest.mark.parametrize("buffer_size", [1, 5, 512, 100000, None])
def test_simple_producer(conform, buffer_size):
    # Without a size, the pieces offered to send() show the default.
    observe = (Observe("sends"),) if buffer_size is None else ()
    conform(
        Scenario(steps=observe + (PushSimpleProducer(b"0123456789" * 100, buffer_size), Push(b"!")))
    )


@case(
    "close-when-done.flushes-first",
    "close_when_done() closes the channel only after everything queued before it was sent.",
    api="async_chat.close_when_done",
)
def test_close_when_done(conform):
    conform(
        Scenario(
            steps=(Batch((Push(b"x" * 100000), PushProducer((b"p1", b"p2")), CloseWhenDone())),),
            ac_out_buffer_size=4096,
        )
    )


@case(
    "close-when-done.in-found-terminator",
    "close_when_done() inside found_terminator() closes after the reply pushed before it.",
    api="async_chat.close_when_done",
)
def test_close_in_found(conform):
    conform(
        Scenario(
            steps=(Deliver(b"QUIT\r\n"),),
            on_found=((Push(b"221 bye\r\n"), CloseWhenDone()),),
        )
    )


@case(
    "close-when-done.nothing-after",
    "Data pushed after close_when_done() is never sent.",
    api="async_chat.close_when_done",
)
def test_nothing_after_close(conform):
    conform(Scenario(steps=(Push(b"last"), CloseWhenDone(), Push(b"never"))))


@case(
    "close-when-done.only-queues",
    "close_when_done() with nothing queued only queues the close: a discard_buffers() before the "
    "next loop round cancels it, and the channel reads on.",
    api="async_chat.close_when_done",
)
def test_close_only_queues(conform):
    conform(
        Scenario(steps=(Batch((CloseWhenDone(), DiscardBuffers())), Deliver(b"still open\r\n")))
    )


@case(
    "push.one-entry-per-send",
    "A send attempt sends from the head of the queue only: what is queued behind it waits for "
    "later attempts, so discard_buffers() still drops it.",
    api="async_chat.push",
)
def test_one_entry_per_send(conform):
    conform(
        Scenario(
            steps=(Deliver(b"go\n"),),
            terminator=b"\n",
            ac_out_buffer_size=3,
            on_found=((Push(b"0123"), PushProducer((b"4",)), DiscardBuffers()),),
        )
    )


@case(
    "close.peer-closes",
    "When the peer closes, handle_close() is called after everything received was delivered.",
    api="async_chat",
)
def test_peer_closes(conform):
    conform(Scenario(steps=(Deliver(b"line\r\npartial"), PeerClose())))


@case(
    "discard-buffers.input",
    "discard_buffers() inside found_terminator() drops the rest of the input already received.",
    api="async_chat.discard_buffers",
)
def test_discard_input(conform):
    conform(
        Scenario(
            steps=(Deliver(b"one\r\ntwo\r\nthree"), Deliver(b"four\r\n")),
            on_found=((DiscardBuffers(),),),
        )
    )


@case(
    "discard-buffers.output",
    "discard_buffers() drops output still queued; output pushed afterwards is sent.",
    api="async_chat.discard_buffers",
)
def test_discard_output(conform):
    conform(
        Scenario(
            steps=(Deliver(b"go\r\n"), Push(b"after")),
            ac_out_buffer_size=4,
            on_found=(
                (
                    Push(b"sent-first-block-then-dropped"),
                    PushProducer((b"never",)),
                    DiscardBuffers(),
                    SetTerminator(b"\r\n"),
                ),
            ),
        )
    )


@case(
    "close.peer-closes-output-pending",
    "When the peer closes without reading the channel's output, handle_close() is called once "
    "and nothing is raised.",
    api="async_chat",
)
def test_peer_closes_output_pending(conform):
    conform(
        Scenario(
            steps=(Push(b"x" * 300000), Deliver(b"bye\r\n"), PeerClose(), Push(b"late")),
            peer_read_size=0,
            socket_buffer=4096,
        )
    )


@case(
    "close.peer-resets",
    "When the peer resets the connection, what was read before is delivered and handle_close() "
    "is called once.",
    api="async_chat",
)
@pytest.mark.parametrize(
    "chunks", [(b"line\r\npart",), (b"line\r\n",)], ids=["mid-message", "between"]
)
def test_peer_resets(conform, chunks):
    conform(
        Scenario(steps=tuple(Deliver(c) for c in chunks) + (PeerClose(reset=True), Push(b"late")))
    )
