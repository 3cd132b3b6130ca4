"""Every default of the documented API is judged by a case (suite/defaults.py):
the defaults of the spec channel the model runs, which has the documented
signatures and nothing besides."""

import inspect
import re
from pathlib import Path
from typing import Any, Dict, Iterator, Tuple

import asynchat_reference.spec as reference
from asynchat_conformance.core.caseinfo import DOCUMENTED
from asynchat_conformance.suite.cases.test_constructor import DEFAULTED_CALLS, MAP_CALLS
from asynchat_conformance.suite.defaults import DEFAULTS
from asynchat_conformance.suite.registry import all_cases


def _defaulted_parameters(name: str, function: Any) -> Iterator[str]:
    for parameter in inspect.signature(function).parameters.values():
        if parameter.default is not parameter.empty:
            yield "%s(%s)" % (name, parameter.name)


def reference_defaults() -> Iterator[str]:
    """The spec's defaults in the documented API: the parameters of its
    constructors and documented methods that have one, and the class
    attributes a subclass may override."""
    yield from _defaulted_parameters("async_chat", reference.async_chat)
    yield from _defaulted_parameters("simple_producer", reference.simple_producer)
    yield from _defaulted_parameters("find_prefix_at_end", reference.find_prefix_at_end)
    for api in sorted(DOCUMENTED):
        owner, _, attribute = api.partition(".")
        value = getattr(reference.async_chat, attribute) if attribute else None
        if callable(value):
            yield from _defaulted_parameters(api, value)
    for attribute, value in vars(reference.async_chat).items():
        if attribute.startswith("_") or callable(value) or isinstance(value, property):
            continue
        yield "async_chat.%s" % attribute


def test_every_default_of_the_reference_is_in_the_table():
    found, listed = set(reference_defaults()), set(DEFAULTS)
    assert found == listed, "not in the table: %s; not in the reference: %s" % (
        sorted(found - listed),
        sorted(listed - found),
    )


def test_every_default_is_judged_by_a_case_that_exists():
    cases = all_cases()
    unknown = {key: ids for key, ids in DEFAULTS.items() if not ids or set(ids) - set(cases)}
    assert not unknown, unknown


def test_the_judging_page_lists_the_calls_each_constructor_case_makes():
    """docs/judging.md's table of constructor calls says what the cases
    (from ``loader.CONSTRUCTOR_CALLS``) call, row by row."""
    page = (Path(__file__).resolve().parent.parent / "docs" / "judging.md").read_text()
    rows: Dict[str, Tuple[str, ...]] = {}
    for line in page.splitlines():
        found = re.match(r"\| `(constructor\.[a-z-]+)` \| (.*) \|$", line)
        if found:
            rows[found.group(1)] = tuple(re.findall(r"`(async_chat\([^`]*\))`", found.group(2)))
    assert rows == {
        "constructor.defaults": DEFAULTED_CALLS,
        "constructor.documented-signature": MAP_CALLS,
    }
