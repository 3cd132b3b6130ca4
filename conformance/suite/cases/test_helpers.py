"""The module-level helpers ports carry along: ``find_prefix_at_end`` and
``simple_producer``, called directly and compared with the reference."""

import pytest

import asynchat_reference as reference
from asynchat_conformance.suite.registry import case
from asynchat_conformance.suite.plugin import judge
from asynchat_conformance.core.comparison import compare_values


def _require(target, name):
    helper = getattr(target, name)
    if helper is None:
        pytest.skip("unimplemented: the target has no %s" % name)
    return helper


def _call(function, *args):
    """The result, or the exception raised, as a comparable observation."""
    try:
        return function(*args)
    except Exception as exc:
        return "raised %s" % type(exc).__name__


HAYSTACKS = [b"", b"abc", b"abc\r", b"\r\n.", b"\r\n.\r", b"aa", b"xaa", b"a", b"abab"]


@case(
    "find-prefix-at-end",
    "find_prefix_at_end(haystack, needle) returns the length of the longest proper prefix of "
    "needle that ends haystack.",
    api="find_prefix_at_end",
    optional=True,
)
@pytest.mark.parametrize("needle", [b"\r\n", b"\r\n.\r\n", b"aab", b"x"])
def test_find_prefix_at_end(conformance_target, conformance_case, request, needle):
    helper = _require(conformance_target, "find_prefix_at_end")
    judge(request.node, compare_values(conformance_target, conformance_case, [
        ("find_prefix_at_end(%r, %r)" % (h, needle), _call(reference.find_prefix_at_end, h, needle),
         _call(helper, h, needle)) for h in HAYSTACKS]))


@case(
    "simple-producer.more",
    "simple_producer(data, buffer_size).more() returns buffer_size pieces in order, then b''.",
    api="simple_producer",
    optional=True,
)
@pytest.mark.parametrize("buffer_size", [1, 3, 512])
def test_simple_producer_more(conformance_target, conformance_case, request, buffer_size):
    producer_class = _require(conformance_target, "simple_producer")
    data = b"0123456789" * 60
    calls = len(data) // buffer_size + 3
    observed, expected = producer_class(data, buffer_size), reference.simple_producer(data, buffer_size)
    judge(request.node, compare_values(conformance_target, conformance_case, [(
        "p = simple_producer(%r, %d); [p.more() for _ in range(%d)]" % (data, buffer_size, calls),
        [expected.more() for _ in range(calls)], [_call(observed.more) for _ in range(calls)])]))


@case(
    "find-prefix-at-end.empty-needle",
    "What find_prefix_at_end(haystack, b'') returns: CPython answers -1, a length no prefix "
    "has; the reference answers 0.",
    api="find_prefix_at_end",
    informational=True,
    optional=True,
)
def test_find_prefix_empty_needle(conformance_target, conformance_case, request):
    helper = _require(conformance_target, "find_prefix_at_end")
    judge(request.node, compare_values(conformance_target, conformance_case, [
        ("find_prefix_at_end(%r, b'')" % h, _call(reference.find_prefix_at_end, h, b""),
         _call(helper, h, b"")) for h in (b"", b"abc")]))


@case(
    "simple-producer.zero-buffer",
    "What simple_producer(data, 0).more() returns: CPython returns b'' at once, so async_chat "
    "drops the producer with its data unsent.",
    api="simple_producer",
    informational=True,
    optional=True,
)
def test_simple_producer_zero_buffer(conformance_target, conformance_case, request):
    producer_class = _require(conformance_target, "simple_producer")
    judge(request.node, compare_values(conformance_target, conformance_case, [(
        "simple_producer(b'data', 0).more()", reference.simple_producer(b"data", 0).more(),
        _call(producer_class(b"data", 0).more))]))
