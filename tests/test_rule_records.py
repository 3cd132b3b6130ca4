"""Deviations recorded as rules: a record excuses that behaviour and nothing
else, and a record that no longer holds fails the run.

Three real runs of the suite: ``int_not_reset`` alone (one mistake, nothing
recorded) says which cases show that mistake; ``_two_bugs`` (that mistake
plus ``push_rejects_bytearray``) with the push mistake recorded must still
fail every one of them; and ``int_not_reset`` with the same record -- the push
mistake fixed -- must fail with "remove the record".
"""

import json

import pytest

from conftest import run_suite

#: Every test here runs the whole suite in a subprocess.
pytestmark = pytest.mark.slow

OPTIONS = ("-p", "suite_profile", "--hypothesis-profile", "selftest", "-k", "not test_performance")
RECORD = "pushing.bytes-like: push() refuses bytearray and memoryview\n"


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("rule-records")
    deviations = workdir / "port.deviations"
    deviations.write_text(RECORD, encoding="utf-8")
    found = {}
    for name, target, extra in (
        ("alone", "int_not_reset", ()),
        ("both", "_two_bugs", ("--deviations", str(deviations))),
        ("fixed", "int_not_reset", ("--deviations", str(deviations))),
    ):
        results = workdir / (name + ".json")
        run = run_suite("--target", "broken_targets." + target, "--results-json", str(results),
                        *(OPTIONS + extra), cwd=workdir)
        found[name] = (run, json.loads(results.read_text(encoding="utf-8")))
    return found


def _verdicts(document):
    return {case["id"]: case["verdict"] for case in document["cases"]}


def test_the_unrecorded_mistake_fails_every_case_that_shows_it(runs):
    alone_run, alone = runs["alone"]
    both_run, both = runs["both"]
    showing = sorted(c for c, v in _verdicts(alone).items() if v == "fail")
    assert "terminator.int.after" in showing, alone_run.explain()
    still = _verdicts(both)
    assert [c for c in showing if still[c] != "fail"] == [], both_run.explain()
    assert both_run.returncode == 1, both_run.explain()


def test_the_recorded_mistake_is_listed_as_what_differs(runs):
    both_run, both = runs["both"]
    (record,) = both["differences"]
    assert record["id"] == "pushing.bytes-like" and record["status"] == "expected"
    assert "push.bytes-like" in record["cases"], both_run.explain()
    # Witnesses are example cases: which property cases meet it depends on the draw.
    drawn = [c for c in record["cases"] if c.startswith(("property.", "stateful."))]
    assert drawn == [] and set(record["drawn_cases"]) <= set(_verdicts(both)), both_run.explain()
    assert _verdicts(both)["push.bytes-like"] == "expected-failure"
    assert "what differs (1 recorded behaviour)" in both_run.output


def test_fixing_the_recorded_mistake_asks_to_remove_the_record(runs):
    fixed_run, fixed = runs["fixed"]
    (record,) = fixed["differences"]
    assert record["status"] == "remove-record", fixed_run.explain()
    assert _verdicts(fixed)["push.bytes-like"] == "unexpected-pass"
    assert "remove the record" in fixed_run.output
    assert fixed_run.returncode == 1
