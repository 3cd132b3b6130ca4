"""Re-entrancy: each operation user code calls back on its channel from
inside each callback the channel makes.  One case per callback, one example
per operation -- generated from ``core.reentrancy``, the table
``python -m asynchat_conformance list --coverage`` prints."""

from typing import Any, Callable

import pytest

from asynchat_conformance.core.reentrancy import ROWS, Reentry
from asynchat_conformance.suite.registry import case


def _case_of(row: Reentry) -> Callable[..., None]:
    def test(conform: Any, operation: str) -> None:
        conform(row.scenario(operation))

    # Named before @case sees it: the case is found again by its function's name.
    test.__name__ = test.__qualname__ = "test_" + row.case.replace(".", "_").replace("-", "_")
    judged = pytest.mark.parametrize("operation", row.judged())(test)
    return case(row.case, row.statement, api=row.api)(judged)


for _row in ROWS:
    _test = _case_of(_row)
    globals()[_test.__name__] = _test
