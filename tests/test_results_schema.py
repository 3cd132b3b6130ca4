"""The results file is declared once (``core.results_schema``): what a run
writes is what the report accepts, and a file that does not fit is refused
with a message that names the field."""

import copy
import json
from pathlib import Path
from typing import Any, Callable, Dict

import pytest

from asynchat_conformance.core.results_schema import (
    FORMAT,
    CaseEntry,
    Difference,
    FailingExample,
    HypothesisShape,
    InvalidDocument,
    PythonShape,
    ResultsDocument,
    TargetShape,
    to_json,
    validate,
)
from asynchat_conformance.core.verdicts import ExitStatus, Verdict
from asynchat_conformance.report.matrix import InvalidResults, load

#: A broken target (push() refuses bytearray and memoryview) with that
#: recorded, on cases that pass, fail as recorded and draw examples: every
#: kind of entry, in a few seconds, with nothing installed beyond the tests'.
TARGET = "broken_targets.close_skips_handle_close"
RECORD = "closing.mark-calls-handle-close: close_when_done() ends in close()\n"
CASES = "test_close_when_done or test_push_empty or test_output_order"


def test_what_a_run_writes_the_report_reads(suite: Any, tmp_path: Path) -> None:
    results, deviations = tmp_path / "results.json", tmp_path / "port.deviations"
    deviations.write_text(RECORD, encoding="utf-8")
    run = suite(
        "--target",
        TARGET,
        "--deviations",
        str(deviations),
        "-k",
        CASES,
        "--results-json",
        str(results),
    )
    assert run.returncode == 0, run.explain()
    document = json.loads(results.read_text(encoding="utf-8"))
    validate(document)
    assert document["cases"] and document["differences"]
    assert any(case["failing_examples"] for case in document["cases"]), run.explain()
    assert list(document) == [f for f in ResultsDocument.__dataclass_fields__]
    # The objects the plugin describes are passed through: every key
    # declared for them must be what the plugin really writes.
    for key, shape in (
        ("target", TargetShape),
        ("python", PythonShape),
        ("hypothesis", HypothesisShape),
    ):
        assert set(shape.__dataclass_fields__) <= set(document[key]), (key, document[key])
    assert load(str(results)).target_name == TARGET


def written() -> Dict[str, Any]:
    """A document as the writer builds one, every kind of entry in it."""
    failing = FailingExample(
        name="split=44",
        verdict=Verdict.FAIL,
        nodeid="t.py::t[44]",
        reason="why",
        reproduction={"steps": ["push(b'')"]},
    )
    case = CaseEntry(
        id="terminator.bytes.split",
        group="terminator",
        statement="S.",
        api="async_chat.push",
        reference="https://docs.python.org/3.11/library/asynchat.html",
        possible_verdicts=[Verdict.PASS, Verdict.FAIL],
        verdict=Verdict.FAIL,
        examples={Verdict.FAIL: 1, Verdict.PASS: 2},
        reason="why",
        duration=0.25,
        nodeid="t.py::t",
        reproduction=None,
        rules=["framing.holdback"],
        drawn=False,
        deviations=[],
        failing_examples=[failing],
    )
    return to_json(
        ResultsDocument(
            format=FORMAT,
            suite_version="0.1.0",
            target={
                "name": "alpha",
                "spec": "alpha",
                "description": "d",
                "version": None,
                "python": "3.11.7",
                "built_as": "cls(sock, map=map)",
            },
            python={"version": "3.11.7", "implementation": "CPython", "executable": "/bin/python"},
            platform="Linux",
            hypothesis={
                "version": "6",
                "profile": "ci",
                "seed": "1",
                "derandomize": True,
                "max_examples": 60,
            },
            started="2026-01-01T00:00:00Z",
            duration=1.5,
            exit_status=ExitStatus.DOES_NOT_CONFORM,
            counts={Verdict.FAIL: 1},
            deviations_files=[],
            differences=[
                Difference(
                    kind="case",
                    id="push.empty",
                    sentence="",
                    reason="r",
                    cases=[],
                    drawn_cases=None,
                    status="not-exercised",
                ),
                Difference(
                    kind="rule",
                    id="framing.holdback",
                    sentence="s",
                    reason="r",
                    cases=["terminator.bytes.split"],
                    drawn_cases=[],
                    status="expected",
                ),
            ],
            cases=[case],
        )
    )


@pytest.mark.unit
def test_the_writer_keeps_field_order_and_leaves_out_what_an_entry_lacks() -> None:
    document = written()
    validate(document)
    assert list(document["cases"][0])[:3] == ["id", "group", "statement"]
    assert "drawn_cases" not in document["differences"][0]
    assert list(document["differences"][1]) == [
        "kind",
        "id",
        "sentence",
        "reason",
        "cases",
        "drawn_cases",
        "status",
    ]
    assert json.loads(json.dumps(document)) == document


def _without(*path: Any) -> Callable[[Dict[str, Any]], None]:
    def change(document: Dict[str, Any]) -> None:
        for key in path[:-1]:
            document = document[key]
        del document[path[-1]]

    return change


def _set(value: Any, *path: Any) -> Callable[[Dict[str, Any]], None]:
    def change(document: Dict[str, Any]) -> None:
        for key in path[:-1]:
            document = document[key]
        document[path[-1]] = value

    return change


@pytest.mark.unit
@pytest.mark.parametrize(
    "change, message",
    [
        (_without("target", "name"), "target.name: missing"),
        (_set(3, "target", "name"), "target.name: is 3, not a string"),
        (_set("alpha", "target"), "target: is 'alpha', not an object"),
        (_set(3, "target", "built_as"), "target.built_as: is 3, not a string"),
        (_without("python", "version"), "python.version: missing"),
        (_without("cases"), "cases: missing"),
        (_set({}, "cases"), "cases: is {}, not a list"),
        (_without("cases", 0, "id"), "cases[0].id: missing"),
        (
            _set("so-so", "cases", 0, "verdict"),
            "cases[terminator.bytes.split].verdict: 'so-so' is not one of"
            " harness-error, crash, timeout,",
        ),
        (
            _set("fast", "cases", 0, "duration"),
            "cases[terminator.bytes.split].duration: is 'fast', not a number",
        ),
        (
            _set(1, "cases", 0, "drawn"),
            "cases[terminator.bytes.split].drawn: is 1, not true or false",
        ),
        (
            _set([1], "cases", 0, "reproduction"),
            "cases[terminator.bytes.split].reproduction: is [1], not an object",
        ),
        (
            _set({"so-so": 1}, "cases", 0, "examples"),
            "cases[terminator.bytes.split].examples (a key): 'so-so' is not one of",
        ),
        (
            _without("cases", 0, "failing_examples", 0, "verdict"),
            "cases[terminator.bytes.split].failing_examples[0].verdict: missing",
        ),
        (
            _set("gone", "differences", 1, "status"),
            "differences[framing.holdback].status: 'gone' is not one of expected, changed, "
            "remove-record, not-exercised",
        ),
        (_set(True, "exit_status"), "exit_status: is True, not an integer"),
    ],
)
def test_a_field_missing_or_of_the_wrong_type_is_named(change: Any, message: str) -> None:
    document = written()
    change(document)
    with pytest.raises(InvalidDocument) as raised:
        validate(document)
    assert str(raised.value).startswith(message), str(raised.value)


@pytest.mark.unit
def test_a_case_twice_is_named() -> None:
    document = written()
    document["cases"].append(copy.deepcopy(document["cases"][0]))
    with pytest.raises(InvalidDocument, match=r"^cases\[terminator.bytes.split\]: appears twice$"):
        validate(document)


@pytest.mark.unit
def test_what_a_reader_does_without_may_be_missing_and_unknown_keys_may_come() -> None:
    """A file from an older run of the same format, or a newer writer's."""
    document = {
        "format": FORMAT,
        "target": {"name": "alpha"},
        "python": {"version": "3.8.18"},
        "cases": [{"id": "push.empty", "verdict": "pass", "new": 1}],
        "new": {},
    }
    validate(document)


@pytest.mark.unit
def test_the_report_names_the_file_and_the_field(tmp_path: Path) -> None:
    document = written()
    del document["python"]["version"]
    path = tmp_path / "run.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(
        InvalidResults, match=r"run.json: invalid results: python.version: missing$"
    ):
        load(str(path))
