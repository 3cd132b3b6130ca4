"""The module-level helpers ports carry along: ``find_prefix_at_end`` and
``simple_producer``, called directly and compared with the reference."""

import pytest

import asynchat_reference as reference
from asynchat_conformance.core.channel import raised_name
from asynchat_conformance.core.helper_calls import judge_calls, observe
from asynchat_conformance.suite.plugin import judge
from asynchat_conformance.suite.registry import case


def _require(target, name):
    helper = getattr(target, name)
    if helper is None:
        pytest.skip("unimplemented: the target has no %s" % name)
    return helper


def _call(function, *args):
    """The reference's result, or the exception it raised, as a comparable observation."""
    try:
        return function(*args)
    except Exception as exc:
        return "raised %s" % raised_name(type(exc))


HAYSTACKS = [b"", b"abc", b"abc\r", b"\r\n.", b"\r\n.\r", b"aa", b"xaa", b"a", b"abab"]


@case(
    "find-prefix-at-end",
    "find_prefix_at_end(haystack, needle) returns the length of the longest proper prefix of "
    "needle that ends haystack.",
    api="find_prefix_at_end",
    optional=True,
)
@pytest.mark.parametrize("needle", [b"\r\n", b"\r\n.\r\n", b"aab", b"x"])
def test_find_prefix_at_end(conformance_target, conformance_case, case_deadline, request, needle):
    helper = _require(conformance_target, "find_prefix_at_end")

    def checks():
        return [
            (
                call,
                _call(reference.find_prefix_at_end, h, needle),
                observe(conformance_target, case_deadline, call, helper, h, needle),
            )
            for h in HAYSTACKS
            for call in ["find_prefix_at_end(%r, %r)" % (h, needle)]
        ]

    judge(
        request.node,
        judge_calls(conformance_target, conformance_case, checks, case_deadline),
    )


@case(
    "simple-producer.more",
    "simple_producer(data, buffer_size).more() returns buffer_size pieces in order, then b''.",
    api="simple_producer",
    optional=True,
)
@pytest.mark.parametrize("buffer_size", [1, 3, 512])
def test_simple_producer_more(
    conformance_target, conformance_case, case_deadline, request, buffer_size
):
    producer_class = _require(conformance_target, "simple_producer")
    data = b"0123456789" * 60
    calls = len(data) // buffer_size + 3
    expected = reference.simple_producer(data, buffer_size)
    text = "p = simple_producer(%r, %d); [p.more() for _ in range(%d)]" % (data, buffer_size, calls)

    def checks():
        producer = observe(
            conformance_target, case_deadline, text, producer_class, data, buffer_size
        )
        # more is looked up in the call, under the deadline: the producer is
        # the target's object; type() (not isinstance) reads no attribute of it.
        observed = (
            [
                observe(conformance_target, case_deadline, text, lambda: producer.more())
                for _ in range(calls)
            ]
            if type(producer) is not str
            else [producer]
        )
        return [(text, [expected.more() for _ in range(calls)], observed)]

    judge(
        request.node,
        judge_calls(conformance_target, conformance_case, checks, case_deadline),
    )


@case(
    "simple-producer.default-size",
    "simple_producer(data) with no buffer_size hands out 512-byte pieces.",
    api="simple_producer",
    optional=True,
)
def test_simple_producer_default_size(conformance_target, conformance_case, case_deadline, request):
    producer_class = _require(conformance_target, "simple_producer")
    data = b"0123456789" * 160
    calls = 6
    expected = reference.simple_producer(data)
    text = "p = simple_producer(b'0123456789' * 160); [len(p.more()) for _ in range(%d)]" % calls

    def checks():
        producer = observe(conformance_target, case_deadline, text, producer_class, data)
        observed = (
            [observe(conformance_target, case_deadline, text, producer.more) for _ in range(calls)]
            if not isinstance(producer, str)
            else [producer]
        )
        # len() of a piece is the target's code too: under the deadline.
        lengths = observe(conformance_target, case_deadline, text, _lengths, observed)
        return [(text, [len(expected.more()) for _ in range(calls)], lengths)]

    judge(
        request.node,
        judge_calls(conformance_target, conformance_case, checks, case_deadline),
    )


def _lengths(pieces):
    """The pieces' lengths (what the default decides), or what was raised."""
    return [piece if isinstance(piece, str) else len(piece) for piece in pieces]


@case(
    "find-prefix-at-end.empty-needle",
    "What find_prefix_at_end(haystack, b'') returns: CPython answers -1, a length no prefix "
    "has; the reference answers 0.",
    api="find_prefix_at_end",
    informational=True,
    optional=True,
)
def test_find_prefix_empty_needle(conformance_target, conformance_case, case_deadline, request):
    helper = _require(conformance_target, "find_prefix_at_end")

    def checks():
        return [
            (
                call,
                _call(reference.find_prefix_at_end, h, b""),
                observe(conformance_target, case_deadline, call, helper, h, b""),
            )
            for h in (b"", b"abc")
            for call in ["find_prefix_at_end(%r, b'')" % h]
        ]

    judge(
        request.node,
        judge_calls(conformance_target, conformance_case, checks, case_deadline),
    )


@case(
    "simple-producer.zero-buffer",
    "What simple_producer(data, 0).more() returns: CPython returns b'' at once, so async_chat "
    "drops the producer with its data unsent.",
    api="simple_producer",
    informational=True,
    optional=True,
)
def test_simple_producer_zero_buffer(conformance_target, conformance_case, case_deadline, request):
    producer_class = _require(conformance_target, "simple_producer")
    text = "simple_producer(b'data', 0).more()"

    def checks():
        producer = observe(conformance_target, case_deadline, text, producer_class, b"data", 0)
        observed = (
            producer
            if type(producer) is str
            else observe(conformance_target, case_deadline, text, lambda: producer.more())
        )
        return [(text, reference.simple_producer(b"data", 0).more(), observed)]

    judge(
        request.node,
        judge_calls(conformance_target, conformance_case, checks, case_deadline),
    )
