"""Conformance cases: a stable id, one sentence of behaviour, its API.

``@case(...)`` marks a test function in ``conformance/cases`` as the case
that checks one documented behaviour; parametrized variations of the function
are examples of the same case and share its id (and its recorded deviation).
"""

from dataclasses import dataclass
from typing import Callable, Dict, Optional, Tuple, TypeVar

import pytest

from reference.rules import RULES

from .trace import VIEWS
from .verdicts import (
    EXPECTED_FAILURE, FAIL, INFORMATIONAL, NON_STRICT, PASS, UNIMPLEMENTED,
)

DOCS = "https://docs.python.org/3.11/library/asynchat.html"
#: Documented names; other API references point at CPython's asynchat.py.
DOCUMENTED = {
    "async_chat", "async_chat.ac_in_buffer_size", "async_chat.ac_out_buffer_size",
    "async_chat.close_when_done", "async_chat.collect_incoming_data",
    "async_chat.discard_buffers", "async_chat.found_terminator",
    "async_chat.get_terminator", "async_chat.push", "async_chat.push_with_producer",
    "async_chat.set_terminator",
}
SOURCE = "https://github.com/python/cpython/blob/3.11/Lib/asynchat.py"

F = TypeVar("F", bound=Callable[..., object])


@dataclass(frozen=True)
class CaseInfo:
    id: str
    statement: str
    api: str
    #: Which trace view must match: "calls" (exact) or "messages".
    view: str = "calls"
    #: Records what the target does without judging it (CPython is buggy or
    #: the behaviour is implementation-defined there).
    informational: bool = False
    #: The API is optional: a target without it is ``unimplemented``.
    optional: bool = False
    #: Rules (``reference.rules``) the case checks without running the model
    #: -- a value-level case; cases that run scenarios learn theirs from it.
    rules: Tuple[str, ...] = ()

    @property
    def verdicts(self) -> Tuple[str, ...]:
        """The verdicts this case can give (besides timeout, crash and
        harness errors, which any case can meet)."""
        if self.informational:
            return (INFORMATIONAL,) + ((UNIMPLEMENTED,) if self.optional else ())
        found = [PASS, FAIL, EXPECTED_FAILURE]
        if self.view == "messages":
            found.append(NON_STRICT)
        if self.optional:
            found.append(UNIMPLEMENTED)
        return tuple(found)

    @property
    def reference(self) -> str:
        """Where the behaviour is specified."""
        if self.api in DOCUMENTED:
            return "%s#asynchat.%s" % (DOCS, self.api)
        return "%s (%s, not in the library docs)" % (SOURCE, self.api)


CASES: Dict[str, CaseInfo] = {}
#: (module name, test function name) -> case id, to place bare node ids.
_BY_TEST: Dict[Tuple[str, str], str] = {}


def case(case_id: str, statement: str, api: str, view: str = "calls",
         informational: bool = False, optional: bool = False,
         rules: Tuple[str, ...] = ()) -> Callable[[F], F]:
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
        return pytest.mark.conformance_case(info)(function)  # type: ignore[no-any-return]

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
