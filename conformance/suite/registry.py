"""The registry of conformance cases (``core.caseinfo.CaseInfo`` says what one is).

``@case(...)`` marks a test function in ``suite/cases`` as the case
that checks one documented behaviour; parametrized variations of the function
are examples of the same case and share its id (and its recorded deviation).
"""

from typing import Callable, Dict, Optional, Tuple, TypeVar

import pytest

from asynchat_reference.rules import RULES

from ..core.caseinfo import CaseInfo
from ..core.traces import VIEWS

F = TypeVar("F", bound=Callable[..., object])

CASES: Dict[str, CaseInfo] = {}
#: (module name, test function name) -> case id, to place bare node ids.
_BY_TEST: Dict[Tuple[str, str], str] = {}


def case(
    case_id: str,
    statement: str,
    api: str,
    view: str = "calls",
    informational: bool = False,
    optional: bool = False,
    rules: Tuple[str, ...] = (),
) -> Callable[[F], F]:
    """Declare the decorated test function to be conformance case ``case_id``."""
    if view not in VIEWS:
        raise ValueError("case %s: unknown view %r" % (case_id, view))
    unknown = [rule for rule in rules if rule not in RULES]
    if unknown:
        raise ValueError("case %s: unknown rules %s" % (case_id, ", ".join(unknown)))
    if case_id in RULES:
        raise ValueError("case id %r is also a rule id" % case_id)
    info = CaseInfo(case_id, statement, api, view, informational, optional, tuple(rules))
    if CASES.get(case_id, info) != info:
        raise ValueError("conformance case id %r is declared twice" % case_id)
    CASES[case_id] = info

    def decorate(function: F) -> F:
        module = function.__module__.rpartition(".")[2]
        _BY_TEST[(module, function.__name__)] = case_id
        return pytest.mark.conformance_case(info)(function)

    return decorate


def all_cases() -> Dict[str, CaseInfo]:
    """Every case of the suite, importing the case modules if need be."""
    import importlib
    import pkgutil

    from . import cases

    for module in pkgutil.iter_modules(cases.__path__):
        importlib.import_module("%s.%s" % (cases.__name__, module.name))
    return CASES


def case_of_test(nodeid: str) -> Optional[str]:
    """The case id of a test node id such as ``cases/test_output.py::test_push[1]``."""
    path, _, name = nodeid.partition("::")
    module = path.replace("\\", "/").rpartition("/")[2]
    if module.endswith(".py"):
        module = module[:-3]
    all_cases()
    return _BY_TEST.get((module, name.partition("[")[0]))
