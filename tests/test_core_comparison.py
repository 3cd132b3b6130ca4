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
    HarnessError,
    check,
    compare,
    compare_values,
    without_empty_sends,
)
from asynchat_conformance.core.scenario import Deliver, PushSimpleProducer, Scenario
from asynchat_conformance.core.traces import Call, Firing, Incomplete, Trace
from asynchat_conformance.core.variants import Variant

pytestmark = pytest.mark.unit

TARGET = SimpleNamespace(
    name="hand-made", description="a target described by hand", simple_producer=None
)
SCENARIO = Scenario(steps=(Deliver(b"ab\r\ncd\r\n"),))
CALLS_CASE = CaseInfo("unit.calls", "Collects, then finds, call for call.", api="async_chat")
MESSAGES_CASE = CaseInfo(
    "unit.messages", "Messages arrive whole.", api="async_chat", view="messages"
)
INFORMATIONAL_CASE = CaseInfo(
    "unit.informational", "What a target does here.", api="async_chat", informational=True
)
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
    assert outcome.evidence == {}


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
    assert "replay('hand-made', %r, view='calls')" % (SCENARIO,) in report
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


def test_a_model_on_another_schedule_compares_messages_and_the_calls_on_the_targets():
    """``check(model_scenario=...)``: the messages are compared with the model
    on the other schedule, and the calls with the model on the target's own
    (``placed``): a target whose calls differ there is non-strict, which
    ``--strict`` fails, even where its messages are right."""
    bytewise = Trace([collect(b"a"), collect(b"b"), found(), collect(b"c"), collect(b"d"), found()])
    for info in (CALLS_CASE, MESSAGES_CASE):
        assert judge(bytewise, info=info, views=("messages",), placed=bytewise).verdict == "pass"
        other = judge(bytewise, info=info, views=("messages",), placed=model())
        assert other.verdict == "non-strict"
        # the report shows the calls against the model on the target's schedule
        assert other.details["view"] == "calls"
        assert other.details["expected"] == model().render("calls")
    # without the model on the target's schedule there are no calls to compare
    assert judge(bytewise, views=("messages",)).verdict == "pass"


def test_records_that_make_the_models_messages_depend_on_the_schedule_explain_the_target():
    # The model with the records delivers other messages on the target's
    # schedule than on the whole delivery; the target does as that model.
    placed = Trace([collect(b"ab"), found()])
    outcome = judge(placed, views=("messages",), placed=placed, variants=(VARIANT,))
    assert (outcome.verdict, outcome.deviates) == ("pass", True)
    assert outcome.report.startswith("differs as the recorded deviations say")
    # ... only records can do that: without any, the schedule must not matter
    assert judge(placed, views=("messages",), placed=placed).verdict == "fail"
    # ... and a target unlike both still fails
    assert judge(Trace(), views=("messages",), placed=placed, variants=(VARIANT,)).verdict == (
        "fail"
    )


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
    outcome = judge(
        Trace(incomplete=Incomplete("timeout", "no verdict within 1s", "x")),
        info=INFORMATIONAL_CASE,
    )
    assert outcome.verdict == "informational"


# -- recorded variants: what each record says here ----------------------------------------

#: A variant of RULE, as a record names it (its mixin is never run here: the
#: traces are built by hand).
VARIANT = Variant(RULE, "hand-made", "collects the second message whole", object)
OTHER_VARIANT = Variant(OTHER_RULE, "hand-made", "splits otherwise", object)


def with_variant(*rules):
    """The model playing VARIANT: the second message collected as b'c?'."""
    return Trace([collect(b"ab"), found(), collect(b"c?"), found()], rules=list(rules))


def without_every_variant(removed):
    return model([Firing(RULE, 2, 0)])


def judge_recorded(observed, expected=None, variants=(VARIANT,), **options):
    return judge(
        observed,
        expected=expected or with_variant(Firing(RULE, 2, 0)),
        variants=variants,
        without=without_every_variant,
        **options,
    )


def test_a_target_that_plays_the_recorded_variant_passes_and_confirms_it():
    outcome = judge_recorded(with_variant())
    assert outcome.verdict == "pass"
    assert outcome.evidence == {RULE: "confirmed"}
    assert outcome.report.startswith("differs as recorded: %s/hand-made" % RULE)


def test_a_drawn_example_that_matches_is_not_attributed():
    assert judge_recorded(with_variant(), attribute=False).evidence == {}


def test_a_target_that_behaves_as_the_reference_there_no_longer_holds_the_record():
    outcome = judge_recorded(model())
    assert (outcome.verdict, outcome.evidence) == ("fail", {RULE: "reference"})
    assert "remove it" in outcome.report.splitlines()[0]


def test_a_second_difference_after_the_recorded_rule_is_a_fail_that_names_it():
    observed = Trace(
        [collect(b"ab"), found(), collect(b"c?"), Call(tr.RAISED, ("push", "TypeError"))]
    )
    outcome = judge_recorded(observed, attribute=False)
    assert (outcome.verdict, outcome.evidence) == ("fail", {RULE: "contradicted"})
    assert "no longer looks as recorded" in outcome.report
    assert "raised TypeError" in outcome.report


def test_a_record_whose_rule_did_not_apply_says_nothing():
    outcome = judge(
        model(), expected=model(), variants=(OTHER_VARIANT,), without=without_every_variant
    )
    assert (outcome.verdict, outcome.evidence) == ("pass", {})


def test_a_variant_that_changes_nothing_here_is_no_witness():
    expected = model([Firing(RULE, 2, 0)])
    outcome = judge(
        model(), expected=expected, variants=(VARIANT,), without=lambda removed: expected
    )
    assert (outcome.verdict, outcome.evidence) == ("pass", {})


def test_records_that_only_together_make_a_difference_still_show_it():
    # Each variant alone changes nothing here (the model without either is
    # the model with both), but without both the model is the reference's.
    both = with_variant(Firing(RULE, 2, 0), Firing(OTHER_RULE, 2, 0))
    plain = model([Firing(RULE, 2, 0)])
    outcome = judge(
        with_variant(),
        expected=both,
        variants=(VARIANT, OTHER_VARIANT),
        without=lambda removed: plain if len(removed) == 2 else both,
    )
    assert (outcome.verdict, outcome.evidence, outcome.deviates) == ("pass", {}, True)
    assert outcome.report.startswith("differs as the recorded deviations say together")
    assert "b'c?'" in outcome.report  # the diff is against the reference
    # ... and the same example, where the draw gives no attribution, is just a pass
    assert not judge(
        with_variant(),
        expected=both,
        variants=(VARIANT, OTHER_VARIANT),
        without=lambda removed: plain if len(removed) == 2 else both,
        attribute=False,
    ).deviates


def test_a_run_that_did_not_finish_leaves_the_record_unreached():
    observed = with_variant()
    observed.incomplete = Incomplete("timeout", "no verdict within 1s", "peer sends b'x'")
    outcome = judge_recorded(observed)
    assert (outcome.verdict, outcome.evidence) == ("timeout", {RULE: "unreached"})
    # ... and says where it stopped, for the record's "not exercised" line
    assert outcome.stopped == "timeout: no verdict within 1s while peer sends b'x'"


# -- timeout, crash, a broken model ---------------------------------------------------------


@pytest.mark.parametrize(
    "incomplete, verdict",
    [
        (Incomplete("timeout", "no verdict within 1s", "peer sends b'x'"), "timeout"),
        (Incomplete("crash", "RuntimeError: boom", "creating the channel"), "crash"),
        # the kind decides, whatever the text says
        (Incomplete("crash", "timeout: the agent died (signal 9)", "the final flush"), "crash"),
    ],
)
def test_an_unfinished_run_is_a_timeout_or_a_crash_whatever_its_calls(incomplete, verdict):
    observed = model()
    observed.incomplete = incomplete
    outcome = judge(observed)
    assert outcome.verdict == verdict
    assert "INCOMPLETE: %s" % (incomplete,) in outcome.report
    # ... even where a recorded variant would explain the difference
    assert judge_recorded(observed).verdict == verdict


def test_a_model_that_did_not_finish_is_the_harnesss_error():
    broken = model()
    broken.incomplete = Incomplete("crash", "the model broke")
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
    assert "  f(2)  ->  expected (reference model) 2, observed (target) 3" in outcome.report  # type: ignore[operator]  # None fails the test as well
    assert "f(1)" not in outcome.report  # type: ignore[operator]  # None fails the test as well
    assert outcome.details == {"calls": ["f(2)"], "expected": ["2"], "observed": ["3"]}
    assert compare_values(TARGET, INFORMATIONAL_CASE, checks).verdict == "informational"


# -- which record a difference is attributed to ----------------------------------------


def first_as(data, second=b"cd"):
    return Trace([collect(data), found(), collect(second), found()])


def two_records(removed):
    """The model without ``removed``: VARIANT makes the second message
    b'c?', OTHER_VARIANT the first b'a!'."""
    return first_as(
        b"ab" if OTHER_VARIANT in removed else b"a!", b"cd" if VARIANT in removed else b"c?"
    )


def test_a_stale_record_is_named_and_the_one_still_in_force_is_not_blamed():
    # The target no longer does what OTHER_VARIANT says, and still does what
    # VARIANT says: the first is to be removed, the second still shows.
    outcome = judge(
        first_as(b"ab", b"c?"),
        expected=two_records(()),
        variants=(VARIANT, OTHER_VARIANT),
        without=two_records,
    )
    assert outcome.evidence == {OTHER_RULE: "reference", RULE: "confirmed"}
    assert "behaves as the reference where %s applies" % OTHER_RULE in outcome.report
    assert "no longer looks as recorded" not in outcome.report


def test_a_record_in_force_beside_a_stale_one_is_blamed_only_if_it_changed_too():
    outcome = judge(
        first_as(b"ab", b"zz"),
        expected=two_records(()),
        variants=(VARIANT, OTHER_VARIANT),
        without=two_records,
    )
    assert outcome.evidence == {OTHER_RULE: "contradicted", RULE: "contradicted"}


def test_a_variant_that_changes_the_model_without_firing_its_rule_is_attributed():
    # No firing of RULE in the model's trace: the variant changed a step of
    # another rule.  Removing it changes the model, so it matters here.
    recorded = with_variant()  # fires nothing
    shown = judge(
        with_variant(), expected=recorded, variants=(VARIANT,), without=lambda removed: model()
    )
    assert (shown.verdict, shown.evidence) == ("pass", {RULE: "confirmed"})
    stale = judge(model(), expected=recorded, variants=(VARIANT,), without=lambda removed: model())
    assert (stale.verdict, stale.evidence) == ("fail", {RULE: "reference"})
    assert "remove it" in stale.report.splitlines()[0]
