"""Unit tests of ``core.judge``: README's verdict table, row by row, the
"what differs" statuses and the gate -- from plain outcomes, no target run.

Verdicts and statuses are compared as the strings README prints.
"""

import pytest

from asynchat_conformance.core.caseinfo import CaseInfo
from asynchat_conformance.core.expectations import Record, Records
from asynchat_conformance.core.judge import (
    CaseVerdict,
    Evidence,
    ItemOutcome,
    Outcome,
    case_verdict,
    exit_status,
    judge_case,
    judge_example,
    what_differs,
)
from asynchat_conformance.core.variants import Variant
from asynchat_conformance.core.verdicts import Verdict

pytestmark = pytest.mark.unit

RULE = "closing.mark-calls-handle-close"
VARIANT = Variant(RULE, "close-only", "ends in close()", object)
CASE = CaseInfo("unit.case", "A case.", api="async_chat")
MESSAGES = CaseInfo("unit.messages", "Messages.", api="async_chat", view="messages")
INFORMATIONAL = CaseInfo("unit.informational", "Free.", api="async_chat", informational=True)
NONE = Records()
RULE_RECORDED = Records(rules=(Record(RULE, "medusa-era close", VARIANT),))
CASE_RECORDED = Records(cases=(CASE.id,), case_reasons=("known",))


def example(verdict, info=CASE, records=NONE, strict=False, drawn=False, e=None):
    outcome = Outcome(Verdict(verdict), evidence={RULE: Evidence(e)} if e else {})
    return judge_example(info, outcome, records, strict, drawn).value


# -- README's verdict table, one example at a time -------------------------------------------


def test_pass_behaves_as_the_reference():
    assert example("pass") == "pass"


def test_non_strict_is_a_failure_under_strict():
    assert example("non-strict", MESSAGES) == "non-strict"
    assert example("non-strict", MESSAGES, strict=True) == "fail"


def test_informational_is_never_judged():
    assert example("fail", INFORMATIONAL) == "informational"
    assert example("informational", INFORMATIONAL) == "informational"
    # ... but a hang is still a hang
    assert example("timeout", INFORMATIONAL) == "timeout"


@pytest.mark.parametrize("verdict", ["unimplemented", "fail", "timeout", "crash", "harness-error"])
def test_what_the_comparison_says_stands_without_records(verdict):
    assert example(verdict) == verdict


@pytest.mark.parametrize("verdict", ["timeout", "crash", "harness-error", "unimplemented"])
def test_no_record_excuses_a_hang_a_crash_or_a_broken_harness(verdict):
    assert example(verdict, records=CASE_RECORDED) == verdict
    assert example(verdict, records=RULE_RECORDED, e="unreached") == verdict


def test_a_recorded_deviation_that_shows_in_an_example_case_is_an_expected_failure():
    assert example("pass", records=RULE_RECORDED, e="confirmed") == "expected-failure"


def test_a_recorded_deviation_that_shows_in_a_drawn_example_passes():
    assert example("pass", records=RULE_RECORDED, drawn=True, e="confirmed") == "pass"


def test_an_example_case_that_behaves_as_the_reference_where_recorded_is_an_unexpected_pass():
    assert example("fail", records=RULE_RECORDED, e="reference") == "unexpected-pass"
    # a drawn example decides nothing: the record's status is the example cases'
    assert example("fail", records=RULE_RECORDED, drawn=True, e="reference") == "pass"


def test_a_second_difference_after_a_recorded_rule_fails_example_and_drawn_alike():
    assert example("fail", records=RULE_RECORDED, e="contradicted") == "fail"
    assert example("fail", records=RULE_RECORDED, drawn=True, e="contradicted") == "fail"


def test_a_case_record_applies_from_the_first_call():
    assert example("fail", records=CASE_RECORDED) == "expected-failure"
    assert (
        example("non-strict", MESSAGES, records=Records(cases=(MESSAGES.id,), case_reasons=("r",)))
        == "expected-failure"
    )
    assert example("pass", records=CASE_RECORDED) == "unexpected-pass"


# -- a case: its tests together -------------------------------------------------------------------


def test_a_case_is_its_worst_test():
    assert case_verdict([Verdict.PASS, Verdict.FAIL, Verdict.NON_STRICT]) == "fail"
    assert case_verdict([Verdict.PASS, Verdict.EXPECTED_FAILURE]) == "expected-failure"
    assert case_verdict([Verdict.EXPECTED_FAILURE, Verdict.UNEXPECTED_PASS]) == "unexpected-pass"


def test_a_case_recorded_as_a_whole_says_nothing_of_rule_records():
    # It differs for reasons no rule record describes: a rule that applied
    # there is neither confirmed nor contradicted by it.
    both = Records(rules=RULE_RECORDED.rules, cases=CASE_RECORDED.cases, case_reasons=("known",))
    test = ItemOutcome(
        Verdict.EXPECTED_FAILURE, evidence={RULE: frozenset({Evidence.CONTRADICTED})}
    )
    judged = judge_case(CASE.id, [test], both)
    assert (judged.verdict, judged.evidence) == ("expected-failure", {})
    states = {s.id: s.status for s in what_differs(both, [judged])}
    assert states == {RULE: "not-exercised", CASE.id: "expected"}


def test_a_recorded_case_is_expected_while_any_example_still_differs():
    verdicts = [Verdict.UNEXPECTED_PASS, Verdict.EXPECTED_FAILURE]
    assert case_verdict(verdicts, recorded_case=True) == "expected-failure"
    assert case_verdict([Verdict.UNEXPECTED_PASS], recorded_case=True) == "unexpected-pass"
    assert case_verdict([Verdict.FAIL, Verdict.EXPECTED_FAILURE], recorded_case=True) == "fail"


def test_judge_case_gathers_what_its_tests_said():
    tests = [
        ItemOutcome(
            Verdict.EXPECTED_FAILURE,
            exercised=frozenset({RULE}),
            evidence={RULE: frozenset({Evidence.CONFIRMED})},
        ),
        ItemOutcome(Verdict.PASS, drawn=True, exercised=frozenset({"other.rule"})),
    ]
    judged = judge_case(CASE.id, tests, RULE_RECORDED)
    assert judged.verdict == "expected-failure" and judged.drawn
    assert judged.exercised == {RULE, "other.rule"}
    assert judged.evidence == {RULE: {"confirmed"}}


def test_records_that_make_a_difference_only_together_are_an_expected_failure():
    outcome = Outcome(Verdict.PASS, deviates=True)
    assert judge_example(CASE, outcome, RULE_RECORDED, False, drawn=False) == "expected-failure"
    assert judge_example(CASE, outcome, RULE_RECORDED, False, drawn=True) == "pass"


# -- what differs ---------------------------------------------------------------------------------


def case(case_id, verdict="pass", drawn=False, why="", **evidence):
    return CaseVerdict(
        case_id,
        Verdict(verdict),
        drawn,
        frozenset({RULE}),
        {RULE: frozenset(Evidence(e) for e in evidence.values())} if evidence else {},
        why,
    )


def status(*cases, records=RULE_RECORDED):
    (state,) = what_differs(records, cases)
    return state


def test_expected_once_an_example_case_confirms_it():
    state = status(case("a", "expected-failure", e="confirmed"), case("p", drawn=True))
    assert (state.status, state.cases, state.drawn_cases) == ("expected", ["a"], ["p"])
    assert state.variant == "close-only"


def test_a_drawn_confirmation_alone_does_not_make_it_expected():
    assert status(case("p", drawn=True, e="confirmed")).status == "not-exercised"


def test_changed_when_witnesses_contradict_it_and_none_confirms_it():
    state = status(
        case("a", "fail", e="contradicted"), case("p", "fail", drawn=True, e="contradicted")
    )
    # ... named by its example cases; the drawn ones by their case only
    assert (state.status, state.changed_in, state.drawn_cases) == ("changed", ["a"], ["p"])
    assert state.status.fails_run


def test_changed_in_names_example_cases_only():
    # A drawn example is not reproducible by its case id: its contradiction
    # changes the status, and drawn_cases names the case.
    state = status(case("p", "fail", drawn=True, e="contradicted"))
    assert (state.status, state.changed_in, state.drawn_cases) == ("changed", [], ["p"])
    state = status(
        case("a", "expected-failure", e="confirmed"),
        case("p", "fail", drawn=True, e="contradicted"),
    )
    assert (state.status, state.changed_in) == ("expected", [])


def test_a_contradiction_beside_a_confirmation_is_the_failing_cases_business():
    state = status(
        case("a", "expected-failure", e="confirmed"), case("b", "fail", e="contradicted")
    )
    assert (state.status, state.changed_in, state.reference_in) == ("expected", ["b"], [])


def test_a_reference_witness_beside_a_confirmation_is_named_as_such():
    # Not "no longer looks as recorded": there it behaves as the reference.
    state = status(
        case("a", "expected-failure", e="confirmed"), case("r", "unexpected-pass", e="reference")
    )
    assert (state.status, state.changed_in, state.reference_in) == ("expected", [], ["r"])


def test_remove_record_when_a_witness_behaves_as_the_reference():
    state = status(case("a", "unexpected-pass", e="reference"))
    assert (state.status, state.changed_in, state.reference_in) == ("remove-record", [], ["a"])
    assert state.status.fails_run


def test_a_witness_that_timed_out_leaves_it_not_exercised_and_says_why():
    state = status(case("a", "timeout", why="timeout in the case's scenario", e="unreached"))
    assert state.status == "not-exercised" and not state.status.fails_run
    assert state.why == "a: timeout in the case's scenario"


def test_not_exercised_when_no_example_case_got_there():
    assert status().status == "not-exercised"
    assert status(case("p", drawn=True, e="reference")).status == "not-exercised"
    assert status().why == "no example case of this run applied its rule"


def test_not_exercised_where_the_other_records_already_give_the_same_behaviour():
    # Its rule applied in "a", but the model without this record's variant
    # behaved the same there: the case cannot tell whether the record holds.
    state = status(case("a", "expected-failure"))
    assert state.status == "not-exercised" and not state.status.fails_run
    assert state.why == (
        "its rule applies in a, where the other records already give the same behaviour"
    )


@pytest.mark.parametrize(
    "verdict, expected",
    [
        ("expected-failure", "expected"),
        ("unexpected-pass", "remove-record"),
        ("timeout", "not-exercised"),
        ("crash", "not-exercised"),
    ],
)
def test_a_case_record_status_is_its_cases_verdict(verdict, expected):
    state = status(case(CASE.id, verdict), records=CASE_RECORDED)
    assert (state.kind, state.status) == ("case", expected)


def test_a_case_record_of_a_case_that_did_not_run_is_not_exercised():
    assert status(records=CASE_RECORDED).status == "not-exercised"


def test_what_differs_changes_nothing_and_answers_the_same_twice():
    cases = (case("a", "unexpected-pass", e="reference"),)
    first = what_differs(RULE_RECORDED, cases)
    assert what_differs(RULE_RECORDED, cases) == first
    assert cases[0].verdict == "unexpected-pass"


# -- the gate -------------------------------------------------------------------------------------


def gate(*verdicts, states=()):
    found = exit_status([Verdict(v) for v in verdicts], list(states))
    return None if found is None else found.value


def test_the_gate():
    assert gate() is None
    assert gate("pass", "expected-failure", "non-strict", "informational") == 0
    for failing in ("fail", "timeout", "crash", "unexpected-pass"):
        assert gate("pass", failing) == 1
    assert gate("fail", "harness-error") == 3
    assert gate("unimplemented", "unimplemented") == 5


def test_a_record_that_changed_or_must_go_fails_the_run():
    for found in (
        status(case("a", "fail", e="contradicted")),
        status(case("a", "unexpected-pass", e="reference")),
    ):
        assert gate("pass", states=[found]) == 1
    assert gate("pass", states=[status()]) == 0


def test_a_stale_record_beside_one_in_force_is_named_and_the_other_stays_expected():
    # The comparison found the target as the model without the stale record,
    # with the other record's deviation still showing.
    other = Variant("pushing.split", "other", "splits otherwise", object)
    records = Records(rules=(RULE_RECORDED.rules[0], Record("pushing.split", "r", other)))
    outcome = Outcome(
        Verdict.FAIL,
        evidence={RULE: Evidence.CONFIRMED, "pushing.split": Evidence.REFERENCE},
    )
    verdict = judge_example(CASE, outcome, records, strict=False, drawn=False)
    assert verdict == "unexpected-pass"
    judged = judge_case(
        CASE.id,
        [ItemOutcome(verdict, evidence={k: frozenset({e}) for k, e in outcome.evidence.items()})],
        records,
    )
    states = {s.id: (s.status, s.reference_in) for s in what_differs(records, [judged])}
    assert states == {RULE: ("expected", []), "pushing.split": ("remove-record", [CASE.id])}
