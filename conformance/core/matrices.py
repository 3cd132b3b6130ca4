"""Coverage by construction: tables whose every cell is judged or explained.

A suite written case by case covers what its authors thought of.  A
``Matrix`` names the rows (channel states, or the callbacks a channel makes)
and the columns (public operations) and says, for every pair, either which
conformance cases judge it or, in one line, why the pair means nothing.  The
cases that cover a matrix are generated from the same data, so a new row or
column is judged everywhere at once, and ``uncovered()`` is empty by
construction -- a test keeps it so, and ``python -m asynchat_conformance list
--coverage`` prints the tables.
"""

from dataclasses import dataclass, field
from typing import Dict, List, Tuple


@dataclass(frozen=True)
class Cell:
    """One (row, column) pair: the cases judging it, or why it is not judged."""

    #: Case ids whose examples perform the column's operation in the row's state.
    cases: Tuple[str, ...] = ()
    #: One line: why the pair means nothing (empty when ``cases`` cover it).
    meaningless: str = ""

    @property
    def covered(self) -> bool:
        return bool(self.cases) or bool(self.meaningless)


@dataclass(frozen=True)
class Matrix:
    """A table of rows x columns; ``cells`` maps ``(row, column)`` to its ``Cell``."""

    name: str
    #: One sentence: what a row is, what a column is.
    statement: str
    rows: Tuple[str, ...]
    columns: Tuple[str, ...]
    cells: Dict[Tuple[str, str], Cell] = field(default_factory=dict)

    def cell(self, row: str, column: str) -> Cell:
        return self.cells.get((row, column), Cell())

    def uncovered(self) -> List[Tuple[str, str]]:
        """Pairs neither judged by a case nor explained."""
        return [
            (row, column)
            for row in self.rows
            for column in self.columns
            if not self.cell(row, column).covered
        ]
