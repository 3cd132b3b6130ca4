"""The module-level helpers ports carry along: ``find_prefix_at_end`` and
``simple_producer``, checked directly against the reference."""

import pytest

import reference
from conformance.case import case
from conformance.plugin import judge
from conformance.verdict import Outcome
from conformance.verdicts import INFORMATIONAL


def _require(target, name):
    helper = getattr(target, name)
    if helper is None:
        pytest.skip("unimplemented: the target has no %s" % name)
    return helper


@case(
    "find-prefix-at-end",
    "find_prefix_at_end(haystack, needle) returns the length of the longest proper prefix of "
    "needle that ends haystack.",
    api="find_prefix_at_end",
    optional=True,
)
@pytest.mark.parametrize("needle", [b"\r\n", b"\r\n.\r\n", b"aab", b"x"])
def test_find_prefix_at_end(conformance_target, needle):
    helper = _require(conformance_target, "find_prefix_at_end")
    haystacks = [b"", b"abc", b"abc\r", b"\r\n.", b"\r\n.\r", b"aa", b"xaa", b"a", b"aab"[:2] * 2]
    wrong = [(h, helper(h, needle), reference.find_prefix_at_end(h, needle)) for h in haystacks
             if helper(h, needle) != reference.find_prefix_at_end(h, needle)]
    assert not wrong, "find_prefix_at_end(haystack, %r): (haystack, observed, expected) %r" % (
        needle, wrong)


@case(
    "simple-producer.more",
    "simple_producer(data, buffer_size).more() returns buffer_size pieces in order, then b''.",
    api="simple_producer",
    optional=True,
)
@pytest.mark.parametrize("buffer_size", [1, 3, 512])
def test_simple_producer_more(conformance_target, buffer_size):
    producer_class = _require(conformance_target, "simple_producer")
    data = b"0123456789" * 60
    observed, expected = producer_class(data, buffer_size), reference.simple_producer(data, buffer_size)
    got = [observed.more() for _ in range(len(data) // buffer_size + 3)]
    want = [expected.more() for _ in range(len(data) // buffer_size + 3)]
    assert got == want, "simple_producer(%r, %d).more() calls returned %r, expected %r" % (
        data, buffer_size, got, want)


@case(
    "find-prefix-at-end.empty-needle",
    "What find_prefix_at_end(haystack, b'') returns: CPython answers -1, a length no prefix "
    "has; the reference answers 0.",
    api="find_prefix_at_end",
    informational=True,
    optional=True,
)
def test_find_prefix_empty_needle(conformance_target, request):
    helper = _require(conformance_target, "find_prefix_at_end")
    observed = {h: _call(helper, h, b"") for h in (b"", b"abc")}
    judge(request.node, Outcome(INFORMATIONAL, "find_prefix_at_end(haystack, b'') -> %r" % observed))


@case(
    "simple-producer.zero-buffer",
    "What simple_producer(data, 0).more() returns: CPython returns b'' at once, so async_chat "
    "drops the producer with its data unsent.",
    api="simple_producer",
    informational=True,
    optional=True,
)
def test_simple_producer_zero_buffer(conformance_target, request):
    producer_class = _require(conformance_target, "simple_producer")
    observed = [_call(producer_class(b"data", 0).more) for _ in range(1)]
    judge(request.node, Outcome(INFORMATIONAL, "simple_producer(b'data', 0).more() -> %r" % observed))


def _call(function, *args):
    """The result, or the exception a target raised, as the observation."""
    try:
        return function(*args)
    except Exception as exc:
        return "raised %s: %s" % (type(exc).__name__, exc)
