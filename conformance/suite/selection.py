"""Choosing cases by what they are called: their ids.

``--case PATTERN`` (repeatable) keeps the cases whose id matches one of the
patterns: an id (``terminator.int.count``), a glob (``terminator.int.*``,
``*.split``) or a group or id prefix (``terminator`` for every
``terminator.*`` case).  pytest's ``-k`` also knows the ids, since each test
carries its case id as a keyword: ``-k terminator.int.count`` selects that
case, ``-k "terminator.int and not zero"`` works as usual.
"""

import fnmatch
from typing import Any, Dict, Iterable, List

import pytest


def pytest_addoption(parser: Any) -> None:
    group = parser.getgroup("asynchat-conformance")
    group.addoption(
        "--case",
        metavar="PATTERN",
        action="append",
        default=[],
        dest="conformance_cases",
        help="run only the cases whose id matches PATTERN: an id, a glob (terminator.int.*) or "
        "a group (terminator); may be repeated; `python -m asynchat_conformance list PATTERN` "
        "shows what it selects",
    )


def matches(case_id: str, pattern: str) -> bool:
    """Whether ``pattern`` (id, glob, group or id prefix) selects ``case_id``."""
    pattern = pattern.strip()
    return fnmatch.fnmatchcase(case_id, pattern) or case_id.startswith(pattern.rstrip(".") + ".")


def select(case_ids: Iterable[str], patterns: List[str]) -> List[str]:
    return [case_id for case_id in case_ids if any(matches(case_id, p) for p in patterns)]


def unmatched(case_ids: Iterable[str], patterns: List[str]) -> List[str]:
    """The patterns that select no case at all (most likely typos)."""
    ids = list(case_ids)
    return [p for p in patterns if not any(matches(case_id, p) for case_id in ids)]


def pytest_configure(config: Any) -> None:
    """A pattern that selects nothing is a usage error, found before any
    worker starts."""
    patterns = config.getoption("conformance_cases")
    if patterns and not hasattr(config, "workerinput"):
        from .registry import all_cases

        wrong = unmatched(all_cases(), patterns)
        if wrong:
            raise pytest.UsageError(
                "--case %s matches no case (python -m asynchat_conformance list "
                "shows the ids)" % ", ".join(wrong)
            )


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session: Any, config: Any, items: List[Any]) -> None:
    """Before ``-k`` applies: give every test its case id as a keyword, and
    deselect the cases ``--case`` does not name."""
    ids: Dict[int, str] = {}
    for item in items:
        marker = item.get_closest_marker("conformance_case")
        if marker is not None:
            ids[id(item)] = marker.args[0].id
            item.extra_keyword_matches.add(marker.args[0].id)
    patterns = config.getoption("conformance_cases")
    if not patterns or not ids:
        return
    kept: List[Any] = []
    dropped: List[Any] = []
    for item in items:
        case_id = ids.get(id(item))
        (kept if case_id is None or any(matches(case_id, p) for p in patterns) else dropped).append(
            item
        )
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
