"""Errors from recv() and send(): which async_chat ignores, which go to
handle_error(), and which of the socket's errnos the dispatcher turns into
handle_close() -- as far as async_chat makes them visible."""

import pytest

from asynchat_conformance.core.scenario import Deliver, FailNext, Push, Scenario
from asynchat_conformance.suite.registry import case

#: The errnos asyncore's dispatcher takes for a connection that has gone.
DISCONNECTED = ["ECONNRESET", "ENOTCONN", "ESHUTDOWN", "ECONNABORTED", "EPIPE", "EBADF"]
#: Errnos that are not: they reach async_chat as errors.
OTHER = ["ETIMEDOUT", "EIO"]


@case(
    "errors.recv-would-block",
    "A read event whose recv() raises BlockingIOError is ignored -- no handle_error() -- and "
    "the data is read at the next one.",
    api="async_chat",
)
@pytest.mark.parametrize("layer", ["dispatcher", "socket"])
def test_recv_would_block(conform, layer):
    conform(
        Scenario(steps=(Deliver(b"a\r\n"), FailNext("recv", "EAGAIN", layer), Deliver(b"b\r\n")))
    )


@case(
    "errors.recv-error",
    "Any other OSError that recv() raises goes to handle_error().",
    api="async_chat",
)
@pytest.mark.parametrize("error", ["EIO", "ECONNRESET"])
def test_recv_error(conform, error):
    conform(Scenario(steps=(Deliver(b"a\r\n"), FailNext("recv", error), Deliver(b"b\r\n"))))


@case(
    "errors.send-error",
    "An OSError that send() raises -- BlockingIOError included -- goes to handle_error(); a "
    "socket that would block makes send() return 0, and the data goes out later.",
    api="async_chat",
)
@pytest.mark.parametrize(
    "error, layer",
    [("EIO", "dispatcher"), ("EAGAIN", "dispatcher"), ("EAGAIN", "socket")],
    ids=["error", "would-block", "socket-would-block"],
)
def test_send_error(conform, error, layer):
    conform(Scenario(steps=(FailNext("send", error, layer), Push(b"data"))))


@case(
    "errors.recv-disconnect",
    "When the socket's recv() fails with a disconnect errno (ECONNRESET, ENOTCONN, ESHUTDOWN, "
    "ECONNABORTED, EPIPE, EBADF), handle_close() is called; with any other, handle_error().",
    api="async_chat",
)
@pytest.mark.parametrize("error", DISCONNECTED + OTHER)
def test_recv_disconnect(conform, error):
    conform(
        Scenario(
            steps=(Deliver(b"a\r\npart"), FailNext("recv", error, "socket"), Deliver(b"ial\r\n"))
        )
    )


@case(
    "errors.send-disconnect",
    "When the socket's send() fails with a disconnect errno (ECONNRESET, ENOTCONN, ESHUTDOWN, "
    "ECONNABORTED, EPIPE, EBADF), handle_close() is called; with any other, handle_error().",
    api="async_chat",
)
@pytest.mark.parametrize("error", DISCONNECTED + OTHER)
def test_send_disconnect(conform, error):
    conform(Scenario(steps=(FailNext("send", error, "socket"), Push(b"data"))))
