"""The re-entrancy table: every cell judged or explained, every judged cell
really performed from inside its callback, and its cases the suite's own."""

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
