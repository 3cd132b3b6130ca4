"""The terminal's "what differs" lines say what is true of each case they
name: a case that contradicted a record "no longer looks as recorded", one
that behaved as the reference "behaves as the reference" -- also beside a
confirmation, where the record stays expected."""

import json
from typing import Any, Dict, List

import pytest

from asynchat_conformance.core.expectations import Record, Records
from asynchat_conformance.core.judge import Evidence, ItemOutcome
from asynchat_conformance.core.variants import Variant
from asynchat_conformance.core.verdicts import Verdict
from asynchat_conformance.suite.results import CaseResult, Results

pytestmark = pytest.mark.unit

RULE = "closing.mark-calls-handle-close"
RECORDS = Records(rules=(Record(RULE, "medusa-era close", Variant(RULE, "v", "s", object)),))


class Config:
    def getoption(self, name: str, default: Any = None) -> Any:
        return {"verbose": 0, "--deviations": []}.get(name, default)


class Terminal:
    def __init__(self) -> None:
        self.lines: List[str] = []

    def section(self, title: str) -> None:
        self.lines.append(title)

    def write_line(self, line: str, **markup: bool) -> None:
        self.lines.append(line)

    def write(self, text: str, **markup: bool) -> None:
        self.lines.append(text)


def case(case_id: str, verdict: Verdict, kind: Evidence) -> CaseResult:
    result = CaseResult(case_id)
    result.tests.append(
        ItemOutcome(verdict, exercised=frozenset({RULE}), evidence={RULE: frozenset({kind})})
    )
    return result


def what_differs(*cases: CaseResult) -> List[str]:
    target: Dict[str, Any] = {"name": "t", "description": "a target"}
    results = Results(Config(), lambda: target, lambda: RECORDS)
    for result in cases:
        results.cases[result.id] = result
    terminal = Terminal()
    results.write_verdicts(terminal)
    return [line.strip() for line in terminal.lines]


def test_a_reference_case_of_an_expected_record_is_not_called_changed() -> None:
    lines = what_differs(
        case("a", Verdict.EXPECTED_FAILURE, Evidence.CONFIRMED),
        case("r", Verdict.UNEXPECTED_PASS, Evidence.REFERENCE),
    )
    assert any(line.startswith("EXPECTED") for line in lines)
    assert "behaves as the reference in: r" in lines
    assert not any("no longer looks as recorded" in line for line in lines)


def test_a_contradicting_case_no_longer_looks_as_recorded() -> None:
    lines = what_differs(
        case("a", Verdict.EXPECTED_FAILURE, Evidence.CONFIRMED),
        case("b", Verdict.FAIL, Evidence.CONTRADICTED),
    )
    assert "no longer looks as recorded in: b" in lines
    assert not any("behaves as the reference" in line for line in lines)


def test_a_record_to_remove_names_where_it_behaves_as_the_reference() -> None:
    lines = what_differs(case("r", Verdict.UNEXPECTED_PASS, Evidence.REFERENCE))
    assert any(line.startswith("REMOVE-RECORD") for line in lines)
    assert "behaves as the reference in: r" in lines


class Report:
    """A case's test report as the controller receives it."""

    def __init__(self, nodeid: str, verdict: Verdict, reason: str) -> None:
        self.nodeid = nodeid
        self.when = "call"
        self.failed = verdict.fails_run
        self.duration = 0.0
        self.user_properties = [
            ("case_id", "c"),
            ("verdict", verdict.value),
            ("reason", reason),
            ("reproduction", json.dumps({"example": nodeid})),
        ]


def test_a_case_shows_the_reason_of_the_example_that_decides_it() -> None:
    # Recorded as a whole: the example that still differs keeps the case an
    # expected failure, so its reason -- not an unexpected pass's -- is shown.
    records = Records(cases=("c",), case_reasons=("known",))
    results = Results(Config(), lambda: {}, lambda: records)
    for nodeid, verdict, reason in [
        ("t[a]", Verdict.UNEXPECTED_PASS, "no longer differs, remove the record: known"),
        ("t[b]", Verdict.EXPECTED_FAILURE, "still differs"),
        ("t[c]", Verdict.UNEXPECTED_PASS, "no longer differs, remove the record: known"),
    ]:
        results.pytest_runtest_logreport(Report(nodeid, verdict, reason))
    case = results.cases["c"]
    assert case.verdict == Verdict.EXPECTED_FAILURE
    assert (case.reason, case.nodeid, case.reproduction) == (
        "still differs",
        "t[b]",
        {"example": "t[b]"},
    )
    assert results.entry(case)["reason"] == "still differs"
