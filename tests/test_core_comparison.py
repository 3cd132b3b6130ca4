"""Unit tests of ``core.comparison``: the verdict of one example from a
model trace and a target trace built by hand -- no sockets, no model run.

Verdicts are compared as the strings they are ("pass", "fail", ...), not
through ``core.verdicts``' names, so these tests hold whatever form those
names take.
"""

from types import SimpleNamespace

import pytest

from asynchat_conformance.core import traces as tr
from asynchat_conformance.core.caseinfo import CaseInfo
from asynchat_conformance.core.channel import Unsupported
from asynchat_conformance.core.comparison import (
    HarnessError, check, compare, compare_values, explaining, without_empty_sends,
)
from asynchat_conformance.core.scenario import Deliver, PushSimpleProducer, Scenario
from asynchat_conformance.core.traces import Call, Firing, Trace

pytestmark = pytest.mark.unit

TARGET = SimpleNamespace(name="hand-made", description="a target described by hand",
                         simple_producer=None)
SCENARIO = Scenario(steps=(Deliver(b"ab\r\ncd\r\n"),))
CALLS_CASE = CaseInfo("unit.calls", "Collects, then finds, call for call.", api="async_chat")
MESSAGES_CASE = CaseInfo("unit.messages", "Messages arrive whole.", api="async_chat",
                         view="messages")
INFORMATIONAL_CASE = CaseInfo("unit.informational", "What a target does here.",
                              api="async_chat", informational=True)
#: A real rule id: an explained report quotes the rule's sentence.
RULE = "framing.bytes-found"
OTHER_RULE = "pushing.split"


def collect(data):
    return Call(tr.COLLECT, data)


def found():
    return Call(tr.FOUND, b"\r\n")


def model(rules=()):
    """What the model did on SCENARIO: two messages, and ``rules`` fired."""
    return Trace([collect(b"ab"), found(), collect(b"cd"), found()], rules=list(rules))


def judge(observed, info=CALLS_CASE, expected=None, **options):
    return compare(TARGET, info, SCENARIO, expected or model(), observed, **options)


# -- pass, fail, non-strict ------------------------------------------------------------

def test_the_same_calls_pass_with_no_report():
    outcome = judge(model())
    assert outcome.verdict == "pass"
    assert outcome.report is None and outcome.details == {}
    assert outcome.explained_by is None


def test_the_rules_the_model_applied_are_exercised_whatever_the_verdict():
    rules = [Firing(RULE, 0, 0), Firing(OTHER_RULE, 2, 0)]
    assert judge(model(rules), expected=model(rules)).exercised == {RULE, OTHER_RULE}
    assert judge(Trace(), expected=model(rules)).exercised == {RULE, OTHER_RULE}


def test_other_data_fails_with_a_report_a_maintainer_can_act_on():
    observed = Trace([collect(b"ab"), found(), collect(b"cX"), found()])
    outcome = judge(observed)
    assert outcome.verdict == "fail"
    report = outcome.report.splitlines()
    assert report[0] == "[unit.calls] Collects, then finds, call for call."
    assert report[2] == "target: hand-made -- a target described by hand"
    assert "  1. set_terminator(b'\\r\\n')" in report
    assert "  2. peer sends b'ab\\r\\ncd\\r\\n'" in report
    assert "  - collect_incoming_data(b'cd')" in report
    assert "  + collect_incoming_data(b'cX')" in report
    assert "  replay('hand-made', %r, view='calls')" % (SCENARIO,) in report
    details = outcome.details
    assert details["scenario"] == repr(SCENARIO)
    assert details["view"] == "calls"
    assert "collect_incoming_data(b'cd')" in details["expected"]
    assert "collect_incoming_data(b'cX')" in details["observed"]


@pytest.mark.parametrize("change", ["peer_received", "peer_saw_close"])
def test_what_the_peer_saw_counts_too(change):
    observed = model()
    setattr(observed, change, b"extra" if change == "peer_received" else True)
    assert judge(observed).verdict == "fail"


def test_other_granularity_with_the_same_messages_is_non_strict_in_a_messages_case():
    bytewise = Trace([collect(b"a"), collect(b"b"), found(), collect(b"c"), collect(b"d"), found()])
    outcome = judge(bytewise, info=MESSAGES_CASE)
    assert outcome.verdict == "non-strict"
    # the report shows the calls, where the difference is
    assert outcome.details["view"] == "calls"
    assert "  + collect_incoming_data(b'a')" in outcome.report.splitlines()


def test_other_granularity_fails_a_calls_case():
    bytewise = Trace([collect(b"a"), collect(b"b"), found(), collect(b"cd"), found()])
    assert judge(bytewise).verdict == "fail"


def test_other_messages_fail_a_messages_case():
    observed = Trace([collect(b"a"), found(), collect(b"bcd"), found()])
    outcome = judge(observed, info=MESSAGES_CASE)
    assert outcome.verdict == "fail"
    assert outcome.details["view"] == "messages"


def test_a_model_on_another_schedule_compares_messages_only():
    """``check(model_scenario=...)``: the schedule does not matter, so
    granularity is no difference at all there -- a pass, not non-strict."""
    bytewise = Trace([collect(b"a"), collect(b"b"), found(), collect(b"c"), collect(b"d"), found()])
    assert judge(bytewise, views=("messages",)).verdict == "pass"
    assert judge(bytewise, info=MESSAGES_CASE, views=("messages",)).verdict == "pass"


# -- zero-byte sends ------------------------------------------------------------------

def test_zero_byte_sends_are_left_out_of_a_judged_case():
    """Rule queue.empty-block is free: a port may or may not offer send() an
    empty block."""
    observed = model()
    observed.calls.insert(2, Call(tr.SEND, 0))
    assert judge(observed).verdict == "pass"
    assert without_empty_sends(observed).calls == model().calls
    assert without_empty_sends(model()).calls == model().calls


def test_an_informational_case_shows_zero_byte_sends():
    observed = model()
    observed.calls.append(Call(tr.SEND, 0))
    outcome = judge(observed, info=INFORMATIONAL_CASE)
    assert outcome.verdict == "informational"
    assert "send() offered 0 bytes" in outcome.report


# -- informational ------------------------------------------------------------------------

def test_an_informational_case_is_never_judged():
    same = judge(model(), info=INFORMATIONAL_CASE)
    assert (same.verdict, same.report) == ("informational", "behaves as the reference")
    other = judge(Trace([collect(b"entirely different")]), info=INFORMATIONAL_CASE)
    assert other.verdict == "informational"
    assert "entirely different" in other.report


def test_an_informational_case_that_times_out_is_still_informational():
    outcome = judge(Trace(incomplete="timeout: no verdict within 1s while x"),
                    info=INFORMATIONAL_CASE)
    assert outcome.verdict == "informational"


# -- recorded rules: expected-failure --------------------------------------------------------

def test_a_difference_after_a_recorded_rule_fires_is_an_expected_failure():
    expected = model([Firing(RULE, 2, 0)])  # fires after the first message
    observed = Trace([collect(b"ab"), found(), collect(b"XX"), found()])
    outcome = judge(observed, expected=expected, recorded={RULE})
    assert outcome.verdict == "expected-failure"
    assert outcome.explained_by == RULE
    assert outcome.report.startswith("differs where rule %s applies (" % RULE)
    assert "as recorded" in outcome.report.splitlines()[0]


def test_a_difference_before_the_recorded_rule_fires_is_a_fail():
    expected = model([Firing(RULE, 2, 0)])
    observed = Trace([collect(b"XX"), found(), collect(b"cd"), found()])
    outcome = judge(observed, expected=expected, recorded={RULE})
    assert outcome.verdict == "fail"
    assert outcome.explained_by is None
    assert outcome.report.startswith("differs before any recorded rule applies")


def test_a_rule_that_is_not_recorded_explains_nothing():
    expected = model([Firing(RULE, 2, 0)])
    observed = Trace([collect(b"ab"), found(), collect(b"XX"), found()])
    outcome = judge(observed, expected=expected, recorded={OTHER_RULE})
    assert outcome.verdict == "fail"
    assert not outcome.report.startswith("differs before")  # the record is not about this


def test_bytes_sent_before_the_firing_must_match():
    expected = model([Firing(RULE, 2, 2)])
    expected.peer_received = b"okrest"
    wrong_start = Trace(list(model().calls), b"NOrest")
    right_start = Trace(list(model().calls), b"okREST")
    assert judge(wrong_start, expected=expected, recorded={RULE}).verdict == "fail"
    assert judge(right_start, expected=expected, recorded={RULE}).verdict == "expected-failure"


def test_the_explaining_firing_is_the_last_before_which_both_agree():
    expected = model([Firing(RULE, 0, 0), Firing(OTHER_RULE, 2, 0), Firing(RULE, 3, 0)])
    observed = Trace([collect(b"ab"), found(), collect(b"cd"), collect(b"??")])
    firing = explaining(expected, observed, {RULE, OTHER_RULE}, "calls")
    assert firing == Firing(RULE, 3, 0)
    assert explaining(expected, observed, {OTHER_RULE}, "calls") == Firing(OTHER_RULE, 2, 0)
    assert explaining(expected, Trace([collect(b"??")]), {OTHER_RULE}, "calls") is None


def test_in_the_messages_view_a_message_may_go_on_after_the_firing():
    """Compared as messages (a model on another schedule), the rule fired in
    the middle of a message: what the target collected up to there must
    start that message, and may continue differently."""
    expected = Trace([collect(b"ab"), collect(b"cd"), found()], rules=[Firing(RULE, 1, 0)])
    observed = Trace([collect(b"abXY"), found()])
    outcome = judge(observed, expected=expected, views=("messages",), recorded={RULE})
    assert outcome.verdict == "expected-failure"
    wrong = Trace([collect(b"aXcd"), found()])
    assert judge(wrong, expected=expected, views=("messages",), recorded={RULE}).verdict == "fail"
    short = Trace([])
    assert explaining(expected, short, {RULE}, "messages") is None


def test_other_granularity_and_a_recorded_difference_is_non_strict_not_a_fail():
    """A port that collects bytewise (non-strict in a messages case) and,
    after a recorded rule, delivers other messages: both are known, so the
    example is non-strict, put down to the rule -- not a fail that depends
    on whether the draw met the rule."""
    expected = model([Firing(RULE, 2, 0)])
    observed = Trace([collect(b"a"), collect(b"b"), found(), collect(b"XX"), found()])
    outcome = judge(observed, info=MESSAGES_CASE, expected=expected, recorded={RULE})
    assert (outcome.verdict, outcome.explained_by) == ("non-strict", RULE)
    assert outcome.report.startswith("differs where rule %s applies (" % RULE)
    # the messages must still agree up to the rule
    wrong_first = Trace([collect(b"a"), collect(b"X"), found(), collect(b"XX"), found()])
    assert judge(wrong_first, info=MESSAGES_CASE, expected=expected,
                 recorded={RULE}).verdict == "fail"
    # and a calls case gets no such allowance
    assert judge(observed, expected=expected, recorded={RULE}).verdict == "fail"


def test_placed_rules_come_from_the_targets_own_schedule():
    """With a model on another schedule, the rules are placed by the model
    run on the target's schedule (``placed``)."""
    expected = model([Firing(RULE, 0, 0)])
    placed = model([Firing(OTHER_RULE, 2, 0)])
    observed = Trace([collect(b"ab"), found(), collect(b"XX"), found()])
    outcome = judge(observed, expected=expected, views=("messages",), recorded={OTHER_RULE},
                    placed=placed)
    assert (outcome.verdict, outcome.explained_by) == ("expected-failure", OTHER_RULE)
    assert outcome.exercised == {RULE, OTHER_RULE}


# -- timeout, crash, a broken model ---------------------------------------------------------

@pytest.mark.parametrize("incomplete, verdict", [
    ("timeout: no verdict within 1s while peer sends b'x'", "timeout"),
    ("crash: RuntimeError: boom while creating the channel", "crash"),
    ("crash: the agent died (signal 9) while the final flush", "crash"),
])
def test_an_unfinished_run_is_a_timeout_or_a_crash_whatever_its_calls(incomplete, verdict):
    observed = model()
    observed.incomplete = incomplete
    outcome = judge(observed)
    assert outcome.verdict == verdict
    assert "INCOMPLETE: %s" % incomplete in outcome.report
    # ... even where a recorded rule would explain the difference
    assert judge(observed, expected=model([Firing(RULE, 4, 0)]), recorded={RULE}).verdict == verdict


def test_a_model_that_did_not_finish_is_the_harnesss_error():
    broken = model()
    broken.incomplete = "crash: the model broke"
    with pytest.raises(HarnessError, match="the reference model did not finish"):
        judge(model(), expected=broken)


def test_check_needs_simple_producer_when_the_scenario_uses_it():
    """A target without the optional helper is ``unimplemented`` (the
    plugin turns ``Unsupported`` into that), before anything runs."""
    scenario = Scenario(steps=(PushSimpleProducer(b"data"),))
    with pytest.raises(Unsupported):
        check(TARGET, CALLS_CASE, scenario, 1.0)


# -- compare_values --------------------------------------------------------------------------

def test_compare_values_passes_when_every_call_returns_the_same():
    checks = [("find_prefix_at_end(b'ab', b'bc')", 1, 1)]
    assert compare_values(TARGET, CALLS_CASE, checks).verdict == "pass"
    outcome = compare_values(TARGET, INFORMATIONAL_CASE, checks)
    assert (outcome.verdict, outcome.report) == ("informational", "behaves as the reference")


def test_compare_values_fails_naming_only_the_wrong_calls():
    checks = [("f(1)", 1, 1), ("f(2)", 2, 3)]
    outcome = compare_values(TARGET, CALLS_CASE, checks)
    assert outcome.verdict == "fail"
    assert "  f(2)  ->  expected (reference model) 2, observed (target) 3" in outcome.report
    assert "f(1)" not in outcome.report
    assert outcome.details == {"calls": ["f(2)"], "expected": ["2"], "observed": ["3"]}
    assert compare_values(TARGET, INFORMATIONAL_CASE, checks).verdict == "informational"
