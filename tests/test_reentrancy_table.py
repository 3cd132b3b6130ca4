"""The re-entrancy table: every cell judged or explained, every judged cell
really performed from inside its callback, and its cases the suite's own."""

import pytest

from asynchat_conformance.core import channel
from asynchat_conformance.core.model import expected_trace
from asynchat_conformance.core.reentrancy import MATRIX, OPERATIONS, ROWS
from asynchat_conformance.core.scenario import Batch, Inside, Push, Scenario
from asynchat_conformance.core.traces import REENTERED, RETURNED
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


#: Cells whose trigger leaves output queued when the callback runs: the
#: operation there has output to act on, and what it does shows.
ACTING_ON_QUEUED_OUTPUT = [
    (row, operation)
    for row in ROWS
    if row.name in ("readable", "writable", "producer.more", "handle_close (close_when_done)")
    for operation in ("discard_buffers", "initiate_send")
    if (row.name, operation) != ("handle_close (close_when_done)", "discard_buffers")
]


def _armed_with_nothing(scenario):
    """``scenario`` with its ``Inside`` step performing nothing."""

    def disarmed(step):
        if isinstance(step, Inside):
            return Inside(step.callback, ())
        if isinstance(step, Batch):
            return Batch(tuple(disarmed(inner) for inner in step.steps))
        return step

    return Scenario(steps=tuple(disarmed(step) for step in scenario.steps))


def _effects(trace):
    """What a trace shows beyond the re-entry itself and the value the
    operation returned."""
    calls = [c for c in trace.calls if c.name != REENTERED and c.name != RETURNED]
    return calls, trace.peer_received


@pytest.mark.parametrize(
    "row, operation",
    ACTING_ON_QUEUED_OUTPUT,
    ids=["%s-%s" % (row.name, op) for row, op in ACTING_ON_QUEUED_OUTPUT],
)
def test_an_operation_on_the_output_queue_shows_in_the_cell(row, operation):
    """A port whose operation did nothing there would pass a cell where its
    effect cannot show."""
    scenario = row.scenario(operation)
    assert _effects(expected_trace(scenario)) != _effects(
        expected_trace(_armed_with_nothing(scenario))
    )


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
