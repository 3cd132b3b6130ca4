"""Verdicts do not depend on luck: the same in random test order, under
xdist, and over ten repeated runs with the ``ci`` profile (of the cases
that draw their examples).

Judged on a broken target, so that the verdicts compared include failures
found by the properties (whose examples Hypothesis draws), not only passes.
"""

import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import run_suite, suite_env

#: Every test here runs the whole suite in a subprocess.
pytestmark = pytest.mark.slow

TARGET = "broken_targets.discard_keeps_output"
REPEATS = 10
#: The cases whose examples Hypothesis draws: the only ones a repeated run
#: could judge otherwise (the example cases replay the same scenarios).
DRAWN = ("property", "stateful")


def verdicts(tmp_path, name, *options):
    workdir = tmp_path / name
    workdir.mkdir()
    results = workdir / "results.json"
    run = run_suite(
        "--target", TARGET, "--results-json", str(results), *options, cwd=workdir, env=suite_env()
    )
    assert run.returncode in (0, 1), run.explain()
    return {case["id"]: case["verdict"] for case in json.loads(results.read_text())["cases"]}


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    found = verdicts(tmp_path_factory.mktemp("baseline"), "plain", "-p", "no:randomly")
    assert "fail" in found.values(), "the broken target must fail some case: %r" % found
    return found


def test_random_order(baseline, tmp_path):
    pytest.importorskip(
        "pytest_randomly", reason="pytest-randomly reorders the cases (tox installs it)"
    )
    for seed in ("1", "2"):
        assert (
            verdicts(tmp_path, "seed" + seed, "-p", "randomly", "--randomly-seed", seed) == baseline
        )


def test_xdist(baseline, tmp_path):
    assert verdicts(tmp_path, "xdist", "-n", "2", "-p", "no:randomly") == baseline


def test_repeated_runs(baseline, tmp_path):
    drawn = {case: verdict for case, verdict in baseline.items() if case.startswith(DRAWN)}
    assert "fail" in drawn.values(), "a property must find the broken target: %r" % drawn
    only_drawn = [option for group in DRAWN for option in ("--case", group)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(
            pool.map(
                lambda i: verdicts(tmp_path, "run%d" % i, "-p", "no:randomly", *only_drawn),
                range(REPEATS),
            )
        )
    assert all(run == drawn for run in runs), [run for run in runs if run != drawn][:1]
