"""The re-entrancy table: every cell judged or explained, every judged cell
really performed from inside its callback, and its cases the suite's own."""

from pathlib import Path
from typing import List

import pytest

from asynchat_conformance.core import channel
from asynchat_conformance.core.model import expected_trace
from asynchat_conformance.core.reentrancy import MATRIX, OPERATIONS, ROWS
from asynchat_conformance.core.scenario import Inside, Push, Scenario
from asynchat_conformance.core.traces import REENTERED
from asynchat_conformance.suite.registry import all_cases

JUDGED = [(row, operation) for row in ROWS for operation in row.judged()]


def test_no_cell_is_left_uncovered():
    assert MATRIX.uncovered() == []
    assert MATRIX.rows == tuple(row.name for row in ROWS)
    assert MATRIX.columns == tuple(OPERATIONS)


def test_a_cell_is_judged_or_explained_never_both():
    for (row, column), cell in MATRIX.cells.items():
        assert bool(cell.cases) != bool(cell.meaningless), (row, column, cell)


def test_every_case_a_cell_names_is_a_case_of_the_suite():
    named = {case for cell in MATRIX.cells.values() for case in cell.cases}
    assert named <= set(all_cases()), named - set(all_cases())


def test_each_row_has_a_case_of_its_own_that_judges_its_cells():
    assert len({row.case for row in ROWS}) == len(ROWS)
    for row in ROWS:
        for operation in row.judged():
            assert row.case in MATRIX.cell(row.name, operation).cases
        assert all_cases()[row.case].statement == row.statement
    assert all(row.callback in channel.REENTRY_CALLBACKS for row in ROWS)


@pytest.mark.parametrize(
    "row, operation", JUDGED, ids=["%s-%s" % (row.name, op) for row, op in JUDGED]
)
def test_every_judged_cell_performs_its_operation_inside_its_callback(row, operation):
    """The trigger reaches the callback on the reference: the cell judges
    what it says, not an operation that never ran."""
    scenario = row.scenario(operation)
    calls = expected_trace(scenario).calls
    reentered = [call.value for call in calls if call.name == REENTERED]
    assert reentered == [(row.callback, OPERATIONS[operation].describe())], calls


def test_an_armed_callback_performs_its_steps_once():
    trace = expected_trace(
        Scenario(steps=(Inside("writable", (Push(b"x"),)), Push(b"y"), Push(b"z")))
    )
    assert [call.name for call in trace.calls].count(REENTERED) == 1
    assert trace.peer_received == b"xyz"


def test_what_a_step_raises_inside_a_callback_is_recorded_and_the_callback_goes_on():
    trace = expected_trace(
        Scenario(steps=(Push(b"a"), Inside("writable", (Push("text"), Push(b"b")))))
    )
    assert ("raised", ("inside writable(): push('text')", "TypeError")) in trace.calls
    assert trace.peer_received == b"ab"


def test_an_unknown_callback_is_a_harness_mistake():
    trace = expected_trace(Scenario(steps=(Inside("handle_read", (Push(b"x"),)),)))
    assert ("raised", (Inside("handle_read", (Push(b"x"),)).describe(), "ValueError")) in (
        trace.calls
    )


# -- the table in the documentation ------------------------------------------------

DOC = Path(__file__).resolve().parent.parent / "docs" / "coverage-reentrancy.md"


def markdown_table() -> str:
    """``MATRIX`` as docs/coverage-reentrancy.md shows it: a row's own case in
    its first column, a judged cell as "judged" (plus the other cases that
    judge it), a meaningless one as "-- N", its reason numbered below."""
    cases = {row.name: row.case for row in ROWS}
    reasons: List[str] = []
    lines = [
        "| callback (its case) | %s |" % " | ".join("`%s`" % c for c in MATRIX.columns),
        "|---|%s" % ("---|" * len(MATRIX.columns)),
    ]
    for row in MATRIX.rows:
        shown = []
        for column in MATRIX.columns:
            cell = MATRIX.cell(row, column)
            if cell.meaningless:
                if cell.meaningless not in reasons:
                    reasons.append(cell.meaningless)
                shown.append("-- %d" % (reasons.index(cell.meaningless) + 1))
            else:
                others = [case for case in cell.cases if case != cases[row]]
                shown.append(" + ".join(["judged"] + ["`%s`" % case for case in others]))
        lines.append("| `%s` (`%s`) | %s |" % (row, cases[row], " | ".join(shown)))
    lines.append("")
    lines.extend("%d. %s" % (number, reason) for number, reason in enumerate(reasons, 1))
    return "\n".join(lines) + "\n"


def test_the_documented_table_is_the_matrix():
    assert markdown_table() in DOC.read_text(encoding="utf-8"), (
        "docs/coverage-reentrancy.md does not show MATRIX; its table is now:\n" + markdown_table()
    )
