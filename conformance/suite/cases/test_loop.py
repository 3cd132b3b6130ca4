"""What the event loop sees of a channel: readable() and writable() in each
state, handle_write() and handle_close(), and output queued while a connect
is under way."""

import pytest

from asynchat_conformance.core.scenario import (
    Batch,
    CallMethod,
    CloseWhenDone,
    Connecting,
    Deliver,
    DiscardBuffers,
    Push,
    Readiness,
    Scenario,
    SentSoFar,
)
from asynchat_conformance.suite.registry import case


@case(
    "readiness.states",
    "readable() is always true; writable() is true exactly while output or a close is queued, "
    "or the channel is not connected.",
    api="async_chat",
)
@pytest.mark.parametrize(
    "steps",
    [
        (Readiness(),),
        (Batch((Push(b"abcdef"), Readiness())), Readiness()),
        (Batch((CloseWhenDone(), Readiness(), DiscardBuffers(), Readiness())),),
        (Deliver(b"partial\r"), Readiness()),
        # The push makes loops that watch for write events only when output is
        # queued (pyftpdlib's) complete the connect too.
        (Batch((Connecting(), Readiness())), Push(b"x")),
    ],
    ids=["idle", "output-queued", "close-queued", "input-buffered", "connecting"],
)
def test_readiness(conform, steps):
    conform(Scenario(steps=steps, ac_out_buffer_size=2))


@case(
    "readiness.in-buffer-full",
    "readable() stays true while more than ac_in_buffer_size bytes are buffered (a partial "
    "terminator longer than the buffer size).",
    api="async_chat.ac_in_buffer_size",
)
def test_readable_beyond_in_buffer(conform):
    conform(
        Scenario(
            steps=(Deliver(b"ab<en"), Readiness(), Deliver(b"d>"), Readiness()),
            terminator=b"<end>",
            ac_in_buffer_size=1,
        )
    )


@case(
    "loop.handle-write",
    "handle_write() makes one send attempt, as initiate_send() does.",
    api="async_chat.handle_write",
)
def test_handle_write(conform):
    conform(
        Scenario(
            steps=(Batch((Push(b"abcdef"), SentSoFar(), CallMethod("handle_write"), SentSoFar())),),
            ac_out_buffer_size=2,
        )
    )


@case(
    "loop.handle-close",
    "async_chat's handle_close() closes the channel: the peer sees the connection end.",
    api="async_chat.handle_close",
)
def test_handle_close(conform):
    conform(Scenario(steps=(Push(b"before"), CallMethod("handle_close"))))


@case(
    "loop.before-connect",
    "Output pushed while a connect is under way is queued, with writable() true, and sent once "
    "the loop's write event completes the connect.",
    api="async_chat.push",
)
def test_before_connect(conform):
    conform(
        Scenario(
            steps=(
                Batch((Connecting(), Push(b"early"), SentSoFar(), Readiness())),
                Readiness(),
                Push(b" late"),
            )
        )
    )
