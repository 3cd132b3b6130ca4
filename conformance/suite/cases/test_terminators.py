"""Terminators: where ``found_terminator()`` is called, and what is collected
before it, for byte-string, integer and ``None`` terminators."""

import pytest

from asynchat_conformance.core.scenario import Deliver, GetTerminator, Scenario, SetTerminator
from asynchat_conformance.suite.registry import case


def every_split(data: bytes):
    """``data`` delivered in two chunks, split at each position in turn."""
    for cut in range(1, len(data)):
        yield (Deliver(data[:cut]), Deliver(data[cut:]))


@case(
    "terminator.bytes.split",
    "A byte-string terminator is found however the stream is split across deliveries.",
    api="async_chat.set_terminator",
    view="messages",
)
@pytest.mark.parametrize(
    "terminator",
    [b"\n", b"\r\n", b"\r\n.\r\n", b"aab"],
    ids=["LF", "CRLF", "dot-CRLF", "self-overlapping"],
)
def test_split_terminator(conform, terminator):
    stream = b"one" + terminator + b"aa" + terminator + terminator + b"tail" + terminator[:-1]
    for steps in every_split(stream):
        conform(Scenario(steps=steps, terminator=terminator))


@case(
    "terminator.bytes.byte-by-byte",
    "A byte-string terminator is found when the stream arrives one byte per delivery.",
    api="async_chat.set_terminator",
    view="messages",
)
@pytest.mark.parametrize("terminator", [b"\r\n", b"\r\n.\r\n", b"aab"])
def test_byte_by_byte(conform, terminator):
    stream = b"x\r" + terminator + b"aaab" + terminator + b"\r\n."
    steps = tuple(Deliver(stream[i : i + 1]) for i in range(len(stream)))
    conform(Scenario(steps=steps, terminator=terminator))


@case(
    "terminator.bytes.many-per-read",
    "Several messages arriving in one read each end in their own found_terminator() call.",
    api="async_chat.found_terminator",
)
def test_many_per_read(conform):
    conform(Scenario(steps=(Deliver(b"a\r\nbb\r\n\r\nccc\r\nrest"),)))


@case(
    "terminator.int.count",
    "An integer terminator ends a message after exactly that many bytes,"
    " wherever reads split them.",
    api="async_chat.set_terminator",
)
@pytest.mark.parametrize(
    "chunks",
    [
        (b"12345",),
        (b"123456789",),
        (b"12", b"345"),
        (b"1", b"2", b"3", b"4", b"56"),
        (b"1234", b"5xyz"),
    ],
    ids=["exact", "oversend", "two-reads", "byte-reads", "last-read-oversends"],
)
def test_int_count(conform, chunks):
    conform(Scenario(steps=tuple(Deliver(c) for c in chunks) + (GetTerminator(),), terminator=5))


@case(
    "terminator.int.countdown",
    "While an integer terminator is pending, get_terminator() returns the bytes still to come.",
    api="async_chat.get_terminator",
)
def test_int_countdown(conform):
    conform(
        Scenario(
            steps=(Deliver(b"abc"), GetTerminator(), Deliver(b"de"), GetTerminator()), terminator=10
        )
    )


@case(
    "terminator.int.after",
    "After an integer terminator completes, get_terminator() is 0 and later bytes are collected "
    "with no found_terminator() call.",
    api="async_chat.get_terminator",
)
def test_int_after(conform):
    conform(
        Scenario(
            steps=(Deliver(b"abcXYZ"), GetTerminator(), Deliver(b"more"), GetTerminator()),
            terminator=3,
        )
    )


@case(
    "terminator.int.zero",
    "An integer terminator of 0 collects everything and never calls found_terminator().",
    api="async_chat.set_terminator",
)
def test_int_zero(conform):
    conform(Scenario(steps=(Deliver(b"abc"), Deliver(b"\r\n")), terminator=0))


@case(
    "terminator.none",
    "A None terminator collects everything received and never calls found_terminator().",
    api="async_chat.set_terminator",
)
def test_none(conform):
    conform(
        Scenario(steps=(Deliver(b"abc\r\n"), Deliver(b"def"), GetTerminator()), terminator=None)
    )


@case(
    "terminator.no-empty-collect",
    "collect_incoming_data() is never called with empty data, e.g. for back-to-back terminators.",
    api="async_chat.collect_incoming_data",
)
@pytest.mark.parametrize(
    "chunks", [(b"\r\n\r\n\r\n",), (b"\r", b"\n\r", b"\n"), (b"x\r\n", b"\r\n")]
)
def test_no_empty_collect(conform, chunks):
    conform(Scenario(steps=tuple(Deliver(c) for c in chunks)))


@case(
    "terminator.set-get",
    "get_terminator() returns what set_terminator() was last given.",
    api="async_chat.get_terminator",
)
@pytest.mark.parametrize("value", [b"\r\n", b"END", 7, 0, None])
def test_set_get(conform, value):
    conform(Scenario(steps=(SetTerminator(value), GetTerminator())))


@case(
    "terminator.negative",
    "set_terminator() with a negative integer raises ValueError and keeps the old terminator.",
    api="async_chat.set_terminator",
)
def test_negative(conform):
    conform(Scenario(steps=(SetTerminator(-1), GetTerminator(), Deliver(b"a\r\n"))))


@case(
    "terminator.small-in-buffer",
    "Framing does not depend on ac_in_buffer_size, which only bounds a single read.",
    api="async_chat.ac_in_buffer_size",
)
@pytest.mark.parametrize("size", [1, 2, 3, 7])
def test_small_in_buffer(conform, size):
    conform(Scenario(steps=(Deliver(b"hello\r\nworld\r\n\r\nx\r"),), ac_in_buffer_size=size))


@case(
    "terminator.longer-than-in-buffer",
    "A terminator longer than ac_in_buffer_size is still found: a partial terminator buffered "
    "beyond that size does not stop reading.",
    api="async_chat.ac_in_buffer_size",
)
def test_longer_than_in_buffer(conform):
    conform(
        Scenario(
            steps=(Deliver(b"ab<en"), Deliver(b"d>cd<end>")),
            terminator=b"<end>",
            ac_in_buffer_size=1,
        )
    )


@case(
    "terminator.str-with-encoding",
    "With use_encoding set, a str terminator is encoded and frames the stream like bytes.",
    api="async_chat.set_terminator",
)
def test_str_with_encoding(conform):
    conform(
        Scenario(
            steps=(Deliver(b"one\r\ntwo\r"), Deliver(b"\n"), GetTerminator()),
            terminator="\r\n",
            use_encoding=True,
        )
    )


@case(
    "terminator.str-without-encoding",
    "What a str terminator does without use_encoding: CPython accepts it, then fails on the "
    "first data (TypeError into handle_error()).",
    api="async_chat.set_terminator",
    informational=True,
)
def test_str_without_encoding(conform):
    conform(Scenario(steps=(Deliver(b"one\r\n"),), terminator="\r\n"))
