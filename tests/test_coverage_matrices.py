"""The coverage matrices (core/coverage_matrices.py): every pair of every
matrix is judged by cases that exist or explained in one line; the state
table and its cases come from the same data; ``list --coverage`` prints them
and docs/coverage.md is its current output."""

import os
import subprocess
import sys
import tempfile

import pytest

from asynchat_conformance.__main__ import main
from asynchat_conformance.core import coverage_matrices, states
from asynchat_conformance.core.matrices import Cell, Matrix
from asynchat_conformance.core.scenario import Batch
from asynchat_conformance.report.coverage_text import MISSING, document, render
from asynchat_conformance.suite.registry import all_cases

pytestmark = pytest.mark.unit

MATRICES = coverage_matrices.MATRICES
DOC = os.path.join(os.path.dirname(__file__), os.pardir, "docs", "coverage.md")


@pytest.mark.parametrize("matrix", MATRICES, ids=[m.name for m in MATRICES])
def test_every_pair_is_judged_or_explained(matrix):
    assert matrix.rows and matrix.columns
    assert matrix.uncovered() == []


@pytest.mark.parametrize("matrix", MATRICES, ids=[m.name for m in MATRICES])
def test_every_case_a_pair_names_exists(matrix):
    known = all_cases()
    named = {case_id for cell in matrix.cells.values() for case_id in cell.cases}
    assert named, "a matrix judged by no case"
    assert sorted(named - set(known)) == []


@pytest.mark.parametrize("matrix", MATRICES, ids=[m.name for m in MATRICES])
def test_cells_are_the_matrix_own_pairs(matrix):
    # A cell keyed by a misspelt row or column would cover nothing.
    assert set(matrix.cells) <= {(r, c) for r in matrix.rows for c in matrix.columns}


def test_matrix_names_are_unique():
    names = [m.name for m in MATRICES]
    assert len(names) == len(set(names))


# -- the state table ------------------------------------------------------------


def test_state_cases_are_generated_from_the_table():
    """One case per operation, its examples exactly the states the table
    judges it in: what the matrix says is what runs."""
    known = all_cases()
    for operation in states.OPERATIONS:
        case_id = states.case_id(operation)
        assert case_id in known
        assert known[case_id].api == operation.api
        function = _state_test(operation)
        (marker,) = [m for m in function.pytestmark if m.name == "parametrize"]
        judged = [s.name for s in states.STATES if states.MATRIX.cell(s.name, operation.name).cases]
        assert [state.name for state in marker.args[1]] == judged


def _state_test(operation):
    from asynchat_conformance.suite.cases import test_states

    return getattr(test_states, "test_" + operation.name.replace("-", "_"))


def test_meaningless_entries_name_known_states_and_operations():
    state_names = {s.name for s in states.STATES}
    operation_names = {o.name for o in states.OPERATIONS}
    for operations, in_states, reason in states.MEANINGLESS:
        assert set(operations) <= operation_names, operations
        assert set(in_states) <= state_names, in_states
        assert reason and "\n" not in reason


def test_names_are_unique():
    for items in (states.STATES, states.OPERATIONS):
        names = [item.name for item in items]
        assert len(names) == len(set(names)), names


def test_a_scenario_performs_the_operation_in_the_state_then_looks():
    connecting = next(s for s in states.STATES if s.name == "connecting")
    push = next(o for o in states.OPERATIONS if o.name == "push-memoryview-first")
    scenario = states.scenario(connecting, push)
    performed = scenario.steps[0]
    assert isinstance(performed, Batch)
    assert performed.steps[: len(connecting.batch)] == connecting.batch
    assert push.steps[0] in performed.steps
    assert type(performed.steps[-1]).__name__ == "WriteEvent"
    assert type(scenario.steps[-1]).__name__ == "Readiness"


# -- the listing ----------------------------------------------------------------


def test_render_marks_a_pair_neither_judged_nor_explained():
    holey = Matrix(
        "holey",
        "A table with a hole.",
        rows=("r1", "r2"),
        columns=("c",),
        cells={("r1", "c"): Cell(cases=("some.case",))},
    )
    text = render(holey)
    assert "| c | some.case | x | %s |" % MISSING in text
    assert "1 neither" in text


def test_render_numbers_each_reason_once():
    matrix = Matrix(
        "m",
        "Two reasons.",
        rows=("r1", "r2", "r3"),
        columns=("c",),
        cells={
            ("r1", "c"): Cell(meaningless="first reason"),
            ("r2", "c"): Cell(meaningless="first reason"),
            ("r3", "c"): Cell(meaningless="second reason"),
        },
    )
    text = render(matrix)
    assert "| n/a (1) | n/a (1) | n/a (2) |" in text
    assert "1. first reason" in text and "2. second reason" in text


def test_list_coverage_fails_on_a_hole_or_an_unknown_case(monkeypatch, capsys):
    holey = Matrix(
        "holey",
        "A table with a hole.",
        rows=("r1", "r2"),
        columns=("c",),
        cells={("r1", "c"): Cell(cases=("no.such-case",))},
    )
    monkeypatch.setattr(coverage_matrices, "MATRICES", (holey,))
    assert main(["list", "--coverage"]) == 1
    errors = capsys.readouterr().err
    assert "holey: r2 x c is neither judged nor explained" in errors
    assert "no.such-case, which is no case of the suite" in errors


def test_list_coverage_prints_every_matrix_and_succeeds():
    done = subprocess.run(
        [sys.executable, "-m", "asynchat_conformance", "list", "--coverage"],
        cwd=tempfile.gettempdir(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for matrix in MATRICES:
        assert "## %s" % matrix.name in done.stdout
    assert "state.push-memoryview-first" in done.stdout


def test_docs_page_is_the_current_listing():
    with open(DOC, encoding="utf-8") as handle:
        written = handle.read()
    assert written == document(MATRICES), (
        "docs/coverage.md is out of date: python -m asynchat_conformance list --coverage "
        "> docs/coverage.md"
    )
