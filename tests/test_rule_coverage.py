"""Every rule of the reference is exercised by at least one example case.

Property cases meet rules only in the examples they happen to draw; an
example case meets its rules on every run, which is what lets a recorded
deviation of that rule be confirmed -- or retired -- on every run.
"""

import pytest

from asynchat_conformance.suite.coverage import coverage, measure
from asynchat_reference.rules import RULES


@pytest.mark.slow  # measure() runs the whole suite in a subprocess
def test_every_rule_has_an_example_case():
    found = measure()
    missing = sorted(rule for rule, cases in found.items() if not cases["example"])
    assert missing == [], "rules no example case exercises: %s" % ", ".join(missing)


def test_coverage_counts_example_and_drawn_cases_apart():
    rule = sorted(RULES)[0]
    document = {
        "cases": [
            {"id": "a.case", "rules": [rule], "drawn": False},
            {"id": "property.x", "rules": [rule, "not.a-rule"], "drawn": True},
        ]
    }
    found = coverage(document)
    assert found[rule] == {"example": ["a.case"], "drawn": ["property.x"]}
    assert set(found) == set(RULES)
