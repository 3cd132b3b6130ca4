"""Unit tests of ``core.judge``: README's verdict table, row by row, the
"what differs" statuses and the gate -- from plain outcomes, no target run.

Verdicts and statuses are compared as the strings README prints.
"""

from pathlib import Path

import pytest

from asynchat_conformance.core.caseinfo import CaseInfo
from asynchat_conformance.core.expectations import Record, Records
from asynchat_conformance.core.judge import (
    CaseVerdict,
    Evidence,
    ItemOutcome,
    Outcome,
    Raised,
    RecordState,
    Status,
    case_verdict,
    deciding_example,
    exit_status,
    judge_case,
    judge_example,
    verdict_from_ending,
    what_differs,
)
from asynchat_conformance.core.variants import Variant
from asynchat_conformance.core.verdicts import ExitStatus, Verdict

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

#: The verdict table as unit-test rows: (row name, the verdict README names,
#: the example that must end in it).  Every verdict of README's table is the
#: outcome of some row here, and every row's outcome is in README's table
#: (test_readme_and_this_table_state_the_same_verdicts).
VERDICT_ROWS = [
    ("behaves-as-the-reference", "pass", dict(verdict="pass")),
    ("messages-right-calls-differ", "non-strict", dict(verdict="non-strict", info=MESSAGES)),
    ("non-strict-under-strict", "fail", dict(verdict="non-strict", info=MESSAGES, strict=True)),
    ("informational-differs", "informational", dict(verdict="fail", info=INFORMATIONAL)),
    ("informational-same", "informational", dict(verdict="informational", info=INFORMATIONAL)),
    ("informational-still-hangs", "timeout", dict(verdict="timeout", info=INFORMATIONAL)),
    ("optional-helper-missing", "unimplemented", dict(verdict="unimplemented")),
    (
        "recorded-rule-shows-in-example-case",
        "expected-failure",
        dict(verdict="pass", records=RULE_RECORDED, e="confirmed"),
    ),
    (
        "recorded-rule-shows-in-drawn-example",
        "pass",
        dict(verdict="pass", records=RULE_RECORDED, drawn=True, e="confirmed"),
    ),
    (
        "recorded-rule-behaves-as-reference-in-example-case",
        "unexpected-pass",
        dict(verdict="fail", records=RULE_RECORDED, e="reference"),
    ),
    (
        "recorded-rule-behaves-as-reference-in-drawn-example",
        "pass",
        dict(verdict="fail", records=RULE_RECORDED, drawn=True, e="reference"),
    ),
    (
        "second-difference-after-recorded-rule",
        "fail",
        dict(verdict="fail", records=RULE_RECORDED, e="contradicted"),
    ),
    (
        "second-difference-after-recorded-rule-drawn",
        "fail",
        dict(verdict="fail", records=RULE_RECORDED, drawn=True, e="contradicted"),
    ),
    ("recorded-case-differs", "expected-failure", dict(verdict="fail", records=CASE_RECORDED)),
    (
        "recorded-case-differs-in-granularity",
        "expected-failure",
        dict(
            verdict="non-strict",
            info=MESSAGES,
            records=Records(cases=(MESSAGES.id,), case_reasons=("r",)),
        ),
    ),
    ("recorded-case-passes", "unexpected-pass", dict(verdict="pass", records=CASE_RECORDED)),
    ("behaves-differently", "fail", dict(verdict="fail")),
    ("did-not-finish", "timeout", dict(verdict="timeout")),
    ("raised-out-of-its-loop", "crash", dict(verdict="crash")),
    ("harness-broke", "harness-error", dict(verdict="harness-error")),
] + [
    # No record excuses a hang, a crash, a broken harness or a missing helper.
    ("%s-despite-%s-record" % (verdict, kind), verdict, dict(verdict=verdict, **recorded))
    for verdict in ("timeout", "crash", "harness-error", "unimplemented")
    for kind, recorded in (
        ("case", dict(records=CASE_RECORDED)),
        ("rule", dict(records=RULE_RECORDED, e="unreached")),
    )
]


@pytest.mark.parametrize(
    "verdict, row", [row[1:] for row in VERDICT_ROWS], ids=[row[0] for row in VERDICT_ROWS]
)
def test_the_verdict_table(verdict, row):
    assert example(**row) == verdict


def test_verdict_rows_are_named_once():
    names = [name for name, _, _ in VERDICT_ROWS]
    assert len(names) == len(set(names))


def test_records_that_make_a_difference_only_together_are_an_expected_failure():
    outcome = Outcome(Verdict.PASS, deviates=True)
    assert judge_example(CASE, outcome, RULE_RECORDED, False, drawn=False) == "expected-failure"
    assert judge_example(CASE, outcome, RULE_RECORDED, False, drawn=True) == "pass"


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


def test_the_deciding_example_is_the_one_whose_verdict_is_the_cases():
    # The first of the worst; in a recorded case an unexpected pass beside
    # an example that still differs decides nothing.
    assert deciding_example([Verdict.PASS, Verdict.FAIL, Verdict.FAIL]) == 1
    verdicts = [Verdict.UNEXPECTED_PASS, Verdict.EXPECTED_FAILURE, Verdict.UNEXPECTED_PASS]
    assert deciding_example(verdicts) == 0
    assert deciding_example(verdicts, recorded_case=True) == 1
    tests = [ItemOutcome(verdict) for verdict in verdicts]
    judged = judge_case(CASE.id, tests, CASE_RECORDED)
    assert (judged.verdict, judged.deciding) == ("expected-failure", 1)
    assert judge_case(CASE.id, tests, NONE).deciding == 0


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


#: The gate as unit-test rows: (row name, exit status, the cases' verdicts,
#: the records' states).  ``None``: no case reported, pytest's own status
#: stands.  2 and 4 are pytest's own (interrupted, usage error: test_plugin.py).
GATE_ROWS = [
    ("no-case-reported", None, (), ()),
    ("only-verdicts-that-do-not-fail", 0, ("pass", "expected-failure", "non-strict"), ()),
    ("informational-and-pass", 0, ("pass", "informational"), ()),
    ("a-fail", 1, ("pass", "fail"), ()),
    ("a-timeout", 1, ("pass", "timeout"), ()),
    ("a-crash", 1, ("pass", "crash"), ()),
    ("an-unexpected-pass", 1, ("pass", "unexpected-pass"), ()),
    ("a-record-changed", 1, ("pass",), ("changed",)),
    ("a-record-to-remove", 1, ("pass",), ("remove-record",)),
    ("a-record-not-exercised", 0, ("pass",), ("not-exercised",)),
    ("a-record-expected", 0, ("expected-failure",), ("expected",)),
    ("a-harness-error-beats-a-fail", 3, ("fail", "harness-error"), ()),
    ("nothing-ran", 5, ("unimplemented", "unimplemented"), ()),
]
PYTESTS_OWN_STATUSES = {ExitStatus.INTERRUPTED.value, ExitStatus.USAGE_ERROR.value}


def a_state(kind):
    return RecordState(RULE, "rule", "close-only", Status(kind), [], None, [])


@pytest.mark.parametrize(
    "status, verdicts, states", [row[1:] for row in GATE_ROWS], ids=[row[0] for row in GATE_ROWS]
)
def test_the_gate(status, verdicts, states):
    assert gate(*verdicts, states=[a_state(kind) for kind in states]) == status


def test_a_record_that_changed_or_must_go_fails_the_run():
    for found in (
        status(case("a", "fail", e="contradicted")),
        status(case("a", "unexpected-pass", e="reference")),
    ):
        assert gate("pass", states=[found]) == 1
    assert gate("pass", states=[status()]) == 0


#: The "what differs" statuses as unit-test rows: (row name, status, the
#: records, the cases as the run judged them).
STATUS_ROWS = [
    (
        "an-example-case-confirms-it",
        "expected",
        RULE_RECORDED,
        [case("a", "expected-failure", e="confirmed")],
    ),
    ("witnesses-contradict-it", "changed", RULE_RECORDED, [case("a", "fail", e="contradicted")]),
    (
        "a-witness-behaves-as-the-reference",
        "remove-record",
        RULE_RECORDED,
        [case("a", "unexpected-pass", e="reference")],
    ),
    ("no-example-case-got-there", "not-exercised", RULE_RECORDED, []),
    (
        "its-witness-timed-out",
        "not-exercised",
        RULE_RECORDED,
        [case("a", "timeout", why="timeout", e="unreached")],
    ),
    (
        "only-a-drawn-example-confirms-it",
        "not-exercised",
        RULE_RECORDED,
        [case("p", drawn=True, e="confirmed")],
    ),
    ("its-case-still-differs", "expected", CASE_RECORDED, [case(CASE.id, "expected-failure")]),
    ("its-case-passes", "remove-record", CASE_RECORDED, [case(CASE.id, "unexpected-pass")]),
    ("its-case-crashed", "not-exercised", CASE_RECORDED, [case(CASE.id, "crash")]),
]


@pytest.mark.parametrize(
    "expected, records, cases",
    [row[1:] for row in STATUS_ROWS],
    ids=[row[0] for row in STATUS_ROWS],
)
def test_the_status_table(expected, records, cases):
    assert status(*cases, records=records).status == expected


# -- README states the same rules -----------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent


def documented_table(header):
    """The rows of the table whose header line is ``header``, wherever the
    documentation keeps it (README.md or docs/), as {first cell: last cell},
    backticks dropped."""
    for path in [ROOT / "README.md"] + sorted((ROOT / "docs").glob("*.md")):
        lines = path.read_text(encoding="utf-8").splitlines()
        if header not in lines:
            continue
        rows = {}
        for line in lines[lines.index(header) + 2 :]:
            if not line.startswith("|"):
                break
            cells = [cell.strip().replace("`", "") for cell in line.strip("|").split("|")]
            rows[cells[0]] = cells[-1]
        return rows
    raise AssertionError("no table headed %r in README.md or docs/" % header)


def test_readme_and_this_table_state_the_same_verdicts():
    documented = documented_table("| verdict | meaning | fails the run |")
    assert set(documented) == {name for name in (row[1] for row in VERDICT_ROWS)}
    assert set(documented) == {verdict.value for verdict in Verdict}
    for verdict, fails in documented.items():
        assert fails.startswith("yes") == Verdict(verdict).fails_run, verdict


def test_readme_and_this_table_state_the_same_gate():
    documented = documented_table("| exit status | meaning |")
    decided = {row[1] for row in GATE_ROWS if row[1] is not None}
    assert {int(code) for code in documented} == decided | PYTESTS_OWN_STATUSES
    assert {int(code) for code in documented} == {status.value for status in ExitStatus}


def test_the_deviations_page_and_this_table_state_the_same_statuses():
    documented = documented_table("| status | meaning | fails the run |")
    statuses = {name.lower(): fails for name, fails in documented.items()}
    assert set(statuses) == {row[1] for row in STATUS_ROWS}
    assert set(statuses) == {status.value for status in Status}
    for name, fails in statuses.items():
        assert fails.startswith("yes") == Status(name).fails_run, name


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


# -- a test of a case, from how it ended ----------------------------------------------------------

#: (row name, the verdict, how the test ended: phase, skipped, raised, kept, judged)
ENDING_ROWS = [
    ("setup-went-well", None, ("setup", False, None, None, None)),
    ("teardown-went-well", None, ("teardown", False, None, None, None)),
    ("setup-skipped-optional-api", "unimplemented", ("setup", True, None, None, None)),
    ("call-skipped-optional-api", "unimplemented", ("call", True, None, None, None)),
    ("setup-broke", "harness-error", ("setup", False, Raised.TARGET, None, None)),
    ("deadline-expired-in-teardown", "timeout", ("teardown", False, Raised.DEADLINE, None, None)),
    ("call-ran-out-of-time", "timeout", ("call", False, Raised.DEADLINE, None, None)),
    # ... whatever an example was judged to before
    ("out-of-time-after-a-fail", "timeout", ("call", False, Raised.DEADLINE, "fail", "fail")),
    ("judged-failure", "fail", ("call", False, Raised.FAILED, "fail", "fail")),
    ("judged-crash-kept", "crash", ("call", False, Raised.FAILED, "crash", "crash")),
    ("assertion-not-judged", "fail", ("call", False, Raised.FAILED, None, None)),
    ("raised-out-of-the-harness", "harness-error", ("call", False, Raised.HARNESS, None, None)),
    ("raised-out-of-the-target", "crash", ("call", False, Raised.TARGET, None, None)),
    # a kept example that does not fail the run does not explain a failure
    ("raised-after-an-expected-failure", "crash", ("call", False, Raised.TARGET, "pass", None)),
    ("process-died-in-setup", "crash", ("setup", False, Raised.DIED, None, None)),
    ("process-died-in-call", "crash", ("call", False, Raised.DIED, "pass", "pass")),
    ("passed-nothing-judged", "pass", ("call", False, None, None, None)),
    ("passed-as-judged", "expected-failure", ("call", False, None, "pass", "expected-failure")),
    ("passed-unexpectedly", "unexpected-pass", ("call", False, None, "unexpected-pass", None)),
]


@pytest.mark.parametrize(
    "verdict, ended", [row[1:] for row in ENDING_ROWS], ids=[row[0] for row in ENDING_ROWS]
)
def test_a_tests_verdict_from_how_it_ended(verdict, ended):
    phase, skipped, raised, kept, judged = ended
    found = verdict_from_ending(
        phase,
        skipped,
        raised,
        Verdict(kept) if kept else None,
        Verdict(judged) if judged else None,
    )
    assert (found.value if found else None) == verdict
