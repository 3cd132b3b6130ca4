"""Every public operation in every channel state: one case per operation
(``state.<operation>``), its examples the states it means something in --
all generated from ``core.states``, which also makes the coverage table."""

from typing import Any, Callable

import pytest

from asynchat_conformance.core import states
from asynchat_conformance.suite.registry import case


def _case_for(operation: states.Operation) -> Callable[..., None]:
    judged = states.judged_states(operation)

    def test(conform: Callable[..., None], state: states.State) -> None:
        conform(states.scenario(state, operation))

    test.__name__ = "test_" + operation.name.replace("-", "_")
    test.__qualname__ = test.__name__
    test.__module__ = __name__
    parametrized = pytest.mark.parametrize("state", judged, ids=[state.name for state in judged])(
        test
    )
    return case(
        states.case_id(operation),
        "%s, in each channel state where it means something: the calls, the bytes on "
        "the wire and readiness afterwards are asynchat's." % operation.statement,
        api=operation.api,
    )(parametrized)


for _operation in states.OPERATIONS:
    _test: Any = _case_for(_operation)
    globals()[_test.__name__] = _test
