"""Oversend: bytes that arrive after a terminator in the same read belong to
the next message, framed by whatever terminator is set by then."""

import pytest

from asynchat_conformance.core.scenario import Deliver, GetTerminator, Scenario, SetTerminator
from asynchat_conformance.suite.registry import case

HEADERS = b"POST /x HTTP/1.0\r\nContent-Length: 5\r\n\r\n"


@case(
    "oversend.after-terminator",
    "Bytes received after a terminator are kept and framed as the start of the next message.",
    api="async_chat.found_terminator",
)
@pytest.mark.parametrize(
    "chunks", [(b"first\r\nsecond",), (b"first\r\nsec", b"ond\r\n")], ids=["one-read", "two-reads"]
)
def test_after_terminator(conform, chunks):
    conform(Scenario(steps=tuple(Deliver(c) for c in chunks)))


@case(
    "oversend.switch-to-int",
    "A terminator switched to a byte count inside found_terminator() applies to bytes already "
    "received (the documented HTTP header/body pattern).",
    api="async_chat.set_terminator",
)
@pytest.mark.parametrize("split", [len(HEADERS) + 5, len(HEADERS) + 2, len(HEADERS) - 1, 3])
def test_switch_to_int(conform, split):
    stream = HEADERS + b"hello" + b"GET / HTTP/1.0\r\n\r\n"
    conform(
        Scenario(
            steps=(Deliver(stream[:split]), Deliver(stream[split:]), GetTerminator()),
            terminator=b"\r\n\r\n",
            on_found=((SetTerminator(5),), (SetTerminator(b"\r\n\r\n"),)),
        )
    )


@case(
    "oversend.switch-bytes",
    "A byte-string terminator switched inside found_terminator() frames the rest of the read.",
    api="async_chat.set_terminator",
)
def test_switch_bytes(conform):
    conform(
        Scenario(
            steps=(Deliver(b"LIST\r\none\r\ntwo\r\n.\r\nNEXT\r\n"),),
            on_found=((SetTerminator(b"\r\n.\r\n"),), (SetTerminator(b"\r\n"),)),
        )
    )


@case(
    "oversend.switch-to-none",
    "A terminator switched to None inside found_terminator() collects the rest of the read.",
    api="async_chat.set_terminator",
)
def test_switch_to_none(conform):
    conform(
        Scenario(
            steps=(Deliver(b"HEAD\r\nbulk\r\ndata"), Deliver(b"more\r\n")),
            on_found=((SetTerminator(None),),),
        )
    )


@case(
    "oversend.chain",
    "Terminator switches chained across bytes, count and None inside one read each take effect "
    "at the byte where they were made.",
    api="async_chat.set_terminator",
)
def test_chain(conform):
    conform(
        Scenario(
            steps=(Deliver(b"a;bcdef;ghi\r\nj"), Deliver(b"kl\r\n")),
            terminator=b";",
            on_found=(
                (SetTerminator(3),),
                (SetTerminator(b";"),),
                (SetTerminator(b"\r\n"),),
                (SetTerminator(0),),
            ),
        )
    )
