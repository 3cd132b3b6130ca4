"""``--replay-failures RESULTS.json``: judge the failures an earlier run
recorded first, so that a maintainer fixing one bug sees the same failures
again, whatever Hypothesis draws this time.

The results file keeps each failing example's scenario as Python text
(``reproduction["scenario"]``).  The cases that failed run before all
others, and each recorded scenario of a case that draws its examples becomes
an explicit example of that case (Hypothesis runs those before drawing any).
Example cases need nothing more: their scenarios are fixed.
"""

import inspect
import json
from typing import Any, Dict, List

import pytest

from ..core import scenario as scenarios

OPTION = "--replay-failures"


def pytest_addoption(parser: Any) -> None:
    parser.getgroup("asynchat-conformance").addoption(
        OPTION,
        metavar="RESULTS_JSON",
        default=None,
        help="a results file of an earlier run (--results-json): judge its failing cases first, "
        "its failing drawn examples before any new draw",
    )


def pytest_configure(config: Any) -> None:
    """Read the file now: a bad one is a usage error before any worker starts."""
    path = config.getoption(OPTION)
    if path and not hasattr(config, "workerinput"):
        recorded_failures(path)


def recorded_failures(path: str) -> Dict[str, List[str]]:
    """Case id -> the scenarios (as Python text) of its failing examples, in
    the order the file lists the cases; a usage error if it is no results file."""
    try:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
        cases = document["cases"]
        failing: Dict[str, List[str]] = {}
        for case in cases:
            examples = case.get("failing_examples") or []
            if not examples:
                continue
            texts = failing.setdefault(case["id"], [])
            for example in examples:
                text = (example.get("reproduction") or {}).get("scenario")
                if text and text not in texts:
                    texts.append(text)
        return failing
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise pytest.UsageError(
            "%s %s: not a readable results file (%s: %s)" % (OPTION, path, type(exc).__name__, exc)
        ) from None


#: What a scenario's text may name: the step classes and the literals that
#: ``scenario.literal()`` writes; nothing else.
_NAMES = dict(
    {name: getattr(scenarios, name) for name in scenarios.__all__},
    bytearray=bytearray,
    memoryview=memoryview,
    __builtins__={},
)


def parse_scenario(text: str) -> Any:
    """The ``Scenario`` a reproduction's text describes, or ``None`` if it
    does not describe one (a file of another version of the suite)."""
    try:
        value = eval(text, dict(_NAMES))  # noqa: S307 -- names limited to the step classes
    except Exception:
        return None
    return value if isinstance(value, scenarios.Scenario) else None


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session: Any, config: Any, items: List[Any]) -> None:
    path = config.getoption(OPTION)
    if not path:
        return
    failing = recorded_failures(path)
    from .registry import case_of_test

    def case_id(item: Any) -> Any:
        marker = item.get_closest_marker("conformance_case")
        return marker.args[0].id if marker else case_of_test(item.nodeid)

    replayed = set()
    for item in items:
        function = getattr(item, "obj", None)
        texts = failing.get(case_id(item))
        if not texts or not _draws_a_scenario(function) or function in replayed:
            continue
        replayed.add(function)
        for text in reversed(texts):  # Hypothesis runs the last-added explicit example first
            scenario = parse_scenario(text)
            if scenario is not None:
                _add_example(function, scenario)
    order = {case: rank for rank, case in enumerate(failing)}
    items.sort(key=lambda item: order.get(case_id(item), len(order)))  # stable: the rest as before


def _draws_a_scenario(function: Any) -> bool:
    """Whether ``function`` is a Hypothesis test drawing a ``scenario``."""
    inner = getattr(getattr(function, "hypothesis", None), "inner_test", None)
    if not getattr(function, "is_hypothesis_test", False) or inner is None:
        return False
    return "scenario" in inspect.signature(inner).parameters


def _add_example(function: Any, scenario: Any) -> None:
    """``@example(scenario=...)`` added to a collected Hypothesis test."""
    from hypothesis import example

    example(scenario=scenario)(function)
