"""A coverage matrix as Markdown: what ``list --coverage`` prints and
docs/coverage.md holds.

A matrix's columns (operations) become the table's rows and its rows
(states, callbacks) the table's columns, so that the table stays narrow; a
row whose judged cells all name the same cases names them once, in its
``cases`` column, and marks those cells ``x``.  A meaningless cell shows the
number of its reason, listed under the table; a cell neither judged nor
explained shows ``MISSING``.
"""

from typing import Dict, List, Tuple

from ..core.matrices import Cell, Matrix

JUDGED = "x"
MISSING = "MISSING"


def render(matrix: Matrix) -> str:
    """``matrix`` as a Markdown section: heading, statement, table, reasons."""
    reasons: Dict[str, int] = {}
    lines = [
        "## %s" % matrix.name,
        "",
        matrix.statement,
        "",
        "| %s | cases | %s |" % ("", " | ".join(matrix.rows)),
        "|---|---|%s" % ("---|" * len(matrix.rows)),
    ]
    for column in matrix.columns:
        cells = [matrix.cell(row, column) for row in matrix.rows]
        shared = _shared_cases(cells)
        shown = [_show(cell, shared, reasons) for cell in cells]
        lines.append("| %s | %s | %s |" % (column, ", ".join(shared), " | ".join(shown)))
    judged, explained = _counts(matrix)
    lines += [
        "",
        "%d pairs: %d judged, %d meaningless, %d neither."
        % (len(matrix.rows) * len(matrix.columns), judged, explained, len(matrix.uncovered())),
    ]
    if reasons:
        lines += ["", "Meaningless pairs:", ""]
        lines += ["%d. %s" % (number, reason) for reason, number in reasons.items()]
    return "\n".join(lines) + "\n"


def _shared_cases(cells: List[Cell]) -> Tuple[str, ...]:
    """The cases every judged cell of a row names, if they all name the same."""
    named = {cell.cases for cell in cells if cell.cases}
    return next(iter(named)) if len(named) == 1 else ()


def _show(cell: Cell, shared: Tuple[str, ...], reasons: Dict[str, int]) -> str:
    if cell.cases:
        return JUDGED if cell.cases == shared else ", ".join(cell.cases)
    if cell.meaningless:
        number = reasons.setdefault(cell.meaningless, len(reasons) + 1)
        return "n/a (%d)" % number
    return MISSING


def _counts(matrix: Matrix) -> Tuple[int, int]:
    cells = [matrix.cell(row, column) for row in matrix.rows for column in matrix.columns]
    return sum(bool(c.cases) for c in cells), sum(
        bool(c.meaningless and not c.cases) for c in cells
    )


#: How docs/coverage.md is made, said at its top.
REGENERATE = "python -m asynchat_conformance list --coverage > docs/coverage.md"


def document(matrices: Tuple[Matrix, ...]) -> str:
    """Every matrix, under a heading that says how the page is made."""
    head = (
        "# Coverage matrices\n\n"
        "Each table pairs what a channel can be (rows of the matrix: states, callbacks) with "
        "what code does to it (operations), and names the conformance case that judges each "
        "pair against the reference, or says in one line why the pair means nothing.  The "
        "cases are generated from the same data as the tables, so no pair is left out by "
        "oversight; the harness's tests fail on a pair neither judged nor explained.\n\n"
        "Generated, not edited: `%s`.\n" % REGENERATE
    )
    return head + "".join("\n" + render(matrix) for matrix in matrices)
