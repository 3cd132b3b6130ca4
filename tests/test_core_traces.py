"""Unit tests of ``core.traces`` and ``core.elide``: what a trace holds, the
two views it is compared under, how it reads in a report, and how long data
is shortened in reports while staying Python that evaluates to the same bytes.
Traces are built by hand here; no sockets.
"""

import pytest

from asynchat_conformance.core import traces as tr
from asynchat_conformance.core.elide import compact, elide, elide_data, elide_outcome
from asynchat_conformance.core.judge import Outcome
from asynchat_conformance.core.traces import Call, Trace
from asynchat_conformance.report.reasons import one_line_reason

pytestmark = pytest.mark.unit


def collect(data):
    return Call(tr.COLLECT, data)


def found(terminator=b"\r\n"):
    return Call(tr.FOUND, terminator)


# -- views -------------------------------------------------------------------------


def test_calls_view_keeps_every_call_as_made():
    trace = Trace([collect(b"a"), collect(b"b"), found()], b"out", True)
    assert trace.view("calls") == ((collect(b"a"), collect(b"b"), found()), b"out", True, None)


def test_messages_view_joins_adjacent_collects_only():
    """A port may split collected data differently; a message boundary
    (``found_terminator()``) still separates messages."""
    trace = Trace(
        [
            collect(b"a"),
            collect(b"b"),
            found(),
            collect(b"c"),
            Call(tr.CLOSE),
            collect(b"d"),
            collect(b"e"),
        ]
    )
    assert trace.view("messages")[0] == (
        collect(b"ab"),
        found(),
        collect(b"c"),
        Call(tr.CLOSE),
        collect(b"de"),
    )
    # the trace itself is left as recorded
    assert len(trace.calls) == 7


def test_views_differ_where_only_granularity_differs():
    bytewise = Trace([collect(b"a"), collect(b"b"), found()])
    whole = Trace([collect(b"ab"), found()])
    assert bytewise.view("calls") != whole.view("calls")
    assert bytewise.view("messages") == whole.view("messages")


@pytest.mark.parametrize(
    "field, other",
    [
        ("peer_received", b"different"),
        ("peer_saw_close", True),
        ("incomplete", tr.Incomplete("timeout", "x")),
    ],
)
def test_both_views_compare_what_the_peer_saw_and_completion(field, other):
    base = Trace([collect(b"ab"), found()], b"sent")
    changed = Trace([collect(b"ab"), found()], b"sent")
    setattr(changed, field, other)
    for view in tr.VIEWS:
        assert base.view(view) != changed.view(view), (view, field)


def test_rules_are_not_compared():
    """Only the model records which rules fired; a target's trace has none."""
    model = Trace([found()], rules=[tr.Firing("framing.bytes-found", 0, 0)])
    assert model.view("calls") == Trace([found()]).view("calls")


def test_unknown_view_is_an_error():
    with pytest.raises(ValueError, match="unknown trace view 'bytes'"):
        Trace().view("bytes")


def test_merge_collects_does_not_join_other_calls():
    calls = [Call(tr.SEND, 3), Call(tr.SEND, 4), collect(b"x")]
    assert tr.merge_collects(calls) == calls


# -- rendering -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, line",
    [
        (collect(b"ab"), "collect_incoming_data(b'ab')"),
        (found(3), "found_terminator()  [terminator then: 3]"),
        (Call(tr.GET_TERMINATOR, b"\n"), "get_terminator() -> b'\\n'"),
        (Call(tr.RAISED, ("push(1)", "TypeError")), "push(1) raised TypeError"),
        (Call(tr.ERROR, "ConnectionResetError"), "handle_error()  [ConnectionResetError]"),
        (Call(tr.ATTRIBUTE, ("ac_in_buffer", b"x")), "channel.ac_in_buffer is b'x'"),
        (Call(tr.RETURNED, ("_get_data()", b"")), "_get_data() returned b''"),
        (Call(tr.READINESS, (True, False)), "readable() is True, writable() is False"),
        (Call(tr.SENT_SO_FAR, 12), "12 bytes sent so far"),
        (Call(tr.SEND, 512), "send() offered 512 bytes"),
        (Call(tr.COLLECTED_TYPE, "bytes"), "collect_incoming_data() handed a bytes"),
        (Call(tr.GET_DATA, b"msg"), "_get_data() returned b'msg'"),
        (Call(tr.CLOSE), "handle_close()"),
        (Call(tr.CONNECT), "handle_connect()"),
    ],
)
def test_each_call_renders_as_a_readable_line(call, line):
    assert call.render() == line


def test_render_counts_repeated_lines_and_ends_with_the_peer():
    trace = Trace(
        [Call(tr.SEND, 512)] * 140 + [Call(tr.SEND, 1)] * 2 + [Call(tr.CLOSE)],
        b"ab",
        peer_saw_close=True,
    )
    assert trace.render("calls") == [
        "send() offered 512 bytes  (140 times)",
        "send() offered 1 bytes  (2 times)",
        "handle_close()",
        "peer received b'ab'",
        "peer saw the channel close",
    ]


def test_render_says_when_the_run_did_not_finish():
    lines = Trace(incomplete=tr.Incomplete("timeout", "no verdict within 1s")).render("messages")
    assert lines == [
        "peer received b''",
        "peer did not see the channel close",
        "INCOMPLETE: timeout: no verdict within 1s",
    ]


def test_render_shortens_long_data_but_keeps_both_ends():
    data = b"a" * 300 + b"tail"
    line = Trace([collect(data)]).render("calls")[0]
    assert line.startswith("collect_incoming_data(b'aaaa")
    assert "(304 bytes)" in line and "tail'" in line
    assert len(line) < 200


def test_render_of_messages_view_joins_chunks():
    trace = Trace([collect(b"a"), collect(b"b")])
    assert trace.render("messages")[0] == "collect_incoming_data(b'ab')"
    assert trace.render("calls")[:2] == [
        "collect_incoming_data(b'a')",
        "collect_incoming_data(b'b')",
    ]


# -- elide -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"x" * 69999 + b"y",
        b"ab" * 5000 + b"\r\n",
        bytes(range(256)) * 40,
        b"short",
        b"",
        b"\x00\xff'\"\\" * 100,
        b"head" + b"-" * 1000 + b"middle" + b"=" * 1000,
    ],
)
def test_compact_is_an_expression_for_the_same_bytes(data):
    assert eval(compact(data)) == data


def test_compact_writes_runs_as_multiplications():
    assert compact(b"x" * 69999 + b"y") == "b'x' * 69999 + b'y'"
    assert compact(b"ab" * 100) == "b'ab' * 100"
    assert compact(b"short") == "b'short'"


def test_elide_leaves_short_text_and_unrepeating_data_alone():
    assert elide("peer sends b'abc'") == "peer sends b'abc'"
    noise = bytes((i * 7919 + 13) % 256 for i in range(200))
    text = "peer sends %r" % (noise,)
    assert elide(text) == text


def test_elide_rewrites_every_long_literal_in_a_text():
    text = "Deliver(data=%r), Push(data=bytearray(%r))" % (b"x" * 500, b"ab" * 300)
    assert elide(text) == "Deliver(data=b'x' * 500), Push(data=bytearray(b'ab' * 300))"


def test_elide_does_not_touch_what_only_looks_like_a_bytes_literal():
    """Only a bytes literal as ``repr()`` writes one is rewritten: not a
    ``b'...'`` that ends a word, follows a quote (a str that starts with
    it) or is escaped.  (One inside a str after a space is rewritten: the
    pattern looks only at the character before.)"""
    inner = "b'" + "x" * 300 + "'"
    for text in (repr(inner), "ab'" + "x" * 300 + "'", "\\" + inner, "_" + inner):
        assert elide(text) == text, text[:20]


def test_elide_data_reaches_every_string_and_leaves_other_values():
    long = "peer sends %r" % (b"z" * 400,)
    value = {"steps": [long, ("x", long)], "count": 3, "flag": None}
    assert elide_data(value) == {
        "steps": ["peer sends b'z' * 400", ("x", "peer sends b'z' * 400")],
        "count": 3,
        "flag": None,
    }


def test_elide_outcome_shortens_report_and_details_only():
    long = "peer sends %r" % (b"z" * 400,)
    passed = Outcome("pass")  # type: ignore[arg-type]  # a verdict as a results file has it
    assert elide_outcome(passed) is passed
    outcome = Outcome(
        "fail",  # type: ignore[arg-type]  # likewise
        report=long,
        details={"scenario": long},
        exercised=frozenset({"r"}),
        evidence={"r": "confirmed"},  # type: ignore[dict-item]  # likewise
    )
    short = elide_outcome(outcome)
    assert short.report == short.details["scenario"] == "peer sends b'z' * 400"
    assert (short.verdict, short.exercised, short.evidence) == (
        "fail",
        frozenset({"r"}),
        {"r": "confirmed"},
    )
    assert outcome.report == long  # the original is left as it was


def test_a_reason_counts_repeats_on_both_sides():
    expected = Trace([Call(tr.SEND, 4)] * 2 + [Call(tr.CLOSE)])
    observed = Trace([Call(tr.SEND, 4)] * 3 + [Call(tr.CLOSE)])
    case = {
        "id": "unit.sends",
        "verdict": "fail",
        "reason": "",
        "reproduction": {
            "expected": expected.render("calls"),
            "observed": observed.render("calls"),
        },
    }
    assert (
        one_line_reason(case)
        == "expected send() offered 4 bytes (2 times); observed send() offered 4 bytes (3 times)"
    )


@pytest.mark.parametrize(
    "expected, observed, reason",
    [
        # one send against three: both sides say how many
        (
            [Call(tr.SEND, 4), Call(tr.CLOSE)],
            [Call(tr.SEND, 4)] * 3 + [Call(tr.CLOSE)],
            "expected send() offered 4 bytes (once); observed send() offered 4 bytes (3 times)",
        ),
        # a run against another line: still counted on both sides
        (
            [Call(tr.SEND, 4)] * 2,
            [Call(tr.SEND, 5)],
            "expected send() offered 4 bytes (2 times); observed send() offered 5 bytes (once)",
        ),
        # no repeats on either side: counted on neither
        (
            [Call(tr.SEND, 4)],
            [Call(tr.SEND, 5)],
            "expected send() offered 4 bytes; observed send() offered 5 bytes",
        ),
    ],
)
def test_a_reason_counts_repeats_on_both_sides_or_neither(expected, observed, reason):
    case = {
        "id": "unit.sends",
        "verdict": "fail",
        "reason": "",
        "reproduction": {
            "expected": Trace(expected).render("calls"),
            "observed": Trace(observed).render("calls"),
        },
    }
    assert one_line_reason(case) == reason


def test_rendered_runs_read_back_as_lines_and_counts():
    lines = Trace([Call(tr.SEND, 4)] * 3 + [Call(tr.CLOSE)]).render("calls")
    assert tr.runs_of(lines[:2]) == [("send() offered 4 bytes", 3), ("handle_close()", 1)]
    # a count and written-out repeats of the same line are one run
    assert tr.runs_of(["x  (2 times)", "x"]) == [("x", 3)]
