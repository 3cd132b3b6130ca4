"""What a run says reads well and agrees with itself: usage errors for an
empty target, every documented profile, case selection by id, the verdict
lines, counts that agree across terminal, results JSON and JUnit, elided
data in reproductions, replay(), and --deviations naming the path given."""

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from typing import Any, Dict

import pytest

from conftest import assert_usage_error, listed_case_ids, suite_env

SPLIT = ("--case", "terminator.bytes.split")


# -- usage ---------------------------------------------------------------------------


def test_an_empty_target_option_is_a_usage_error(suite):
    assert_usage_error(suite("--target", ""), "--target is empty")


def test_an_empty_target_variable_is_a_usage_error(suite):
    assert_usage_error(suite(env=suite_env(ASYNCHAT_TARGET="")), "$ASYNCHAT_TARGET is empty")


@pytest.mark.parametrize("profile", ["dev", "thorough", "ci"])
def test_every_documented_profile_works(suite, tmp_path, profile):
    results = tmp_path / "results.json"
    run = suite(
        "--hypothesis-profile",
        profile,
        "--case",
        "terminator.negative",
        "--results-json",
        str(results),
    )
    assert run.returncode == 0, run.explain()
    assert json.loads(results.read_text())["hypothesis"]["profile"] == profile


def test_deviations_file_missing_names_the_path_given(suite):
    run = suite("--deviations", "missing.deviations")
    assert_usage_error(run, "missing.deviations")
    assert "site-packages" not in run.error_lines[0] and "targets" not in run.error_lines[0], (
        run.error_lines
    )


# -- selecting cases -------------------------------------------------------------------


def selected(results):
    return sorted(case["id"] for case in json.loads(results.read_text())["cases"])


@pytest.mark.parametrize(
    "options, expected",
    [
        (("--case", "terminator.int.count"), ["terminator.int.count"]),
        (
            ("--case", "terminator.int.*"),
            sorted(i for i in listed_case_ids() if i.startswith("terminator.int.")),
        ),
        (
            ("--case", "close-when-done"),
            sorted(i for i in listed_case_ids() if i.startswith("close-when-done.")),
        ),
        (
            ("--case", "push.empty", "--case", "terminator.negative"),
            ["push.empty", "terminator.negative"],
        ),
        # -k matches substrings of the ids, as pytest's -k does; --case is exact.
        (("-k", "terminator.int.count"), ["terminator.int.count", "terminator.int.countdown"]),
        (("-k", "terminator.int.count and not countdown"), ["terminator.int.count"]),
    ],
    ids=["id", "glob", "group", "repeated", "-k", "-k-expression"],
)
def test_cases_are_selected_by_id_glob_and_group(suite, tmp_path, options, expected):
    results = tmp_path / "results.json"
    run = suite(*options, "--results-json", str(results))
    assert run.returncode == 0, run.explain()
    assert selected(results) == expected


def test_a_pattern_that_selects_nothing_is_a_usage_error(suite):
    assert_usage_error(suite("--case", "no.such.case*"), "no.such.case*")


def test_list_shows_how_to_select():
    done = subprocess.run(
        [sys.executable, "-m", "asynchat_conformance", "list", "terminator.int.*"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert sorted(line.split()[0] for line in done.stdout.splitlines()) == sorted(
        i for i in listed_case_ids() if i.startswith("terminator.int.")
    )
    assert "--case" in done.stderr and "terminator.int.*" in done.stderr


# -- the terminal, the results file and JUnit agree ----------------------------------------


def test_verdict_lines_counts_and_junit_agree(suite, tmp_path):
    results, junit = tmp_path / "results.json", tmp_path / "junit.xml"
    run = suite(
        "--target",
        "broken_targets.int_off_by_one",
        "--case",
        "terminator",
        "--results-json",
        str(results),
        "--results-junit",
        str(junit),
    )
    assert run.returncode == 1, run.explain()
    document = json.loads(results.read_text())
    counts = document["counts"]
    assert counts.get("fail", 0) >= 1 and counts.get("pass", 0) >= 1, counts
    # The terminal: one line per case (-v), a reason on the failing ones, and
    # pytest's closing line counting cases by verdict.
    assert {case_id: verdict.lower() for case_id, verdict in run.verdicts.items()} == {
        case["id"]: case["verdict"] for case in document["cases"]
    }, run.explain()
    for line in run.output.splitlines():
        if line.startswith("FAIL "):
            assert re.search(r"^FAIL +\S+ +expected ", line), line
    closing = [line for line in run.output.splitlines() if "(cases; " in line]
    assert closing, run.explain()
    for verdict, count in counts.items():
        assert "%d %s" % (count, verdict) in closing[-1], (closing, counts)
    # JUnit: one test case per conformance case, carrying its verdict.
    suite_element = ET.parse(str(junit)).getroot().find("testsuite")
    assert suite_element is not None
    testcases = suite_element.findall("testcase")
    assert sorted(t.attrib["name"] for t in testcases) == sorted(c["id"] for c in document["cases"])
    assert int(suite_element.attrib["tests"]) == len(document["cases"])
    failing = sum(
        n for v, n in counts.items() if v in ("fail", "timeout", "crash", "unexpected-pass")
    )
    assert int(suite_element.attrib["failures"]) == failing
    for testcase in testcases:
        prop = testcase.find("properties/property[@name='verdict']")
        assert prop is not None
        verdict = prop.get("value")
        assert verdict == {c["id"]: c["verdict"] for c in document["cases"]}[testcase.get("name")]
        assert (testcase.find("failure") is not None) == (verdict == "fail")


@pytest.mark.slow  # a suite run in a subprocess
def test_only_non_passing_cases_are_listed_by_default_in_colour(tmp_path):
    """Without -v, the passing cases are counted, not listed; with
    --color=yes the verdict is coloured (pytest's own terminal markup)."""
    from conftest import TESTS_DIR

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--pyargs",
            "asynchat_conformance",
            "-p",
            "no:cacheprovider",
            "--target",
            "broken_targets.no_holdback",
            "--case",
            "terminator.bytes",
            "--color=yes",
        ],
        cwd=str(tmp_path),
        env=suite_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=120,
    )
    section = done.stdout.split("asynchat conformance verdicts")[1]
    lines = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in section.splitlines()]
    assert not any(line.startswith("PASS ") for line in lines), section
    assert any(line.startswith("FAIL ") and "terminator.bytes.split" in line for line in lines), (
        section
    )
    assert "\x1b[31m\x1b[1mFAIL" in section or "\x1b[1m\x1b[31mFAIL" in section, repr(section[:400])
    assert TESTS_DIR  # (the broken target comes from tests/, as for every suite run)


# -- large data, replay ------------------------------------------------------------------


def test_reproductions_elide_large_data_and_stay_runnable(suite, tmp_path):
    results = tmp_path / "results.json"
    run = suite(
        "--target",
        "broken_targets.producer_chunks_reversed",
        "--case",
        "producer.push-with-producer",
        "--results-json",
        str(results),
    )
    assert run.returncode == 1, run.explain()
    assert results.stat().st_size < 40000, results.stat().st_size
    assert max(len(line) for line in run.output.splitlines()) < 2000
    case = json.loads(results.read_text())["cases"][0]
    large = [
        e
        for e in case["failing_examples"]
        if "70000" in e["name"] or "* 70000" in json.dumps(e["reproduction"])
    ]
    assert large, case["failing_examples"]
    scenario = large[0]["reproduction"]["scenario"]
    assert "b'x' * 70000" in scenario
    namespace: Dict[str, Any] = {}
    exec("from asynchat_conformance.core.scenario import *", namespace)
    rebuilt = eval(scenario, namespace)
    assert rebuilt.steps[1].chunks == (b"x" * 70000, b"y")


def test_elide_keeps_values():
    from asynchat_conformance.core.elide import compact, elide

    for data in (b"x" * 69999 + b"y", b"ab" * 5000 + b"\r\n", bytes(range(256)) * 40, b"short"):
        assert eval(compact(data)) == data
        text = "peer sends %r, then %r" % (data, b"tail")
        shorter = elide(text)
        assert len(shorter) <= len(text)
        assert eval(shorter.split("peer sends ")[1].split(", then ")[0]) == data
    assert elide("peer sends %r" % (b"x" * 69999 + b"y",)) == "peer sends b'x' * 69999 + b'y'"


def test_replay_never_contradicts_its_verdict(capsys):
    from asynchat_conformance import replay
    from asynchat_conformance.core.scenario import Deliver, Scenario

    assert not replay(
        "broken_targets.no_holdback", Scenario(steps=(Deliver(b"ab\r"), Deliver(b"\n")))
    )
    out = capsys.readouterr().out
    assert out.startswith("verdict: fail\n")
    assert "behaves as the reference model" not in out
    assert replay("reference", Scenario(steps=(Deliver(b"ab\r\n"),)))
    assert capsys.readouterr().out.startswith(
        "verdict: pass -- the target behaves as the reference"
    )


def test_replay_runs_an_out_of_process_target_and_prints_a_snippet_that_does_too(capsys):
    """The snippet names the interpreter the target ran in, and runs as printed."""
    import shutil

    from asynchat_conformance import replay
    from asynchat_conformance.core.scenario import Scenario, SetTerminator

    python = shutil.which("python2.7")
    if python is None:
        pytest.skip("needs python2.7 on PATH: CPython 2.7's asynchat accepts set_terminator(-1)")
    assert not replay("stdlib", Scenario(steps=(SetTerminator(-1),)), target_python=python)
    out = capsys.readouterr().out
    assert "[out of process: CPython 2.7" in out
    (snippet,) = [line.strip() for line in out.splitlines() if line.strip().startswith("replay(")]
    assert "target_python=%r" % python in snippet or "target_python='" in snippet
    namespace: Dict[str, Any] = {}
    exec(
        "from asynchat_conformance import replay\n"
        "from asynchat_conformance.core.scenario import *\n"
        "passed = " + snippet,
        namespace,
    )
    assert namespace["passed"] is False
    assert capsys.readouterr().out.startswith("verdict: fail\n")


# -- timeouts, quickly (test_run_ends.py runs whole suites at the default deadline) --------


def test_a_timed_out_property_costs_one_deadline_and_shows_the_stack(suite, tmp_path):
    results = tmp_path / "results.json"
    run = suite(
        "--target",
        "misbehaving_targets.hangs_on_int_terminator",
        "--case-deadline",
        "1",
        "--case",
        "property.terminator-switching",
        "--case",
        "stateful.interleaved",
        "--case",
        "terminator.int.count",
        "--results-json",
        str(results),
    )
    assert run.returncode == 1, run.explain()
    for case in json.loads(results.read_text())["cases"]:
        assert case["verdict"] == "timeout", (case["id"], run.explain())
        assert case["examples"].get("timeout") == 1, case
        assert case["duration"] < 3, (
            case["id"],
            case["duration"],
        )  # no shrinking, no later examples
        stack = case["reason"].split("where the target was when it was stopped (innermost last):")[
            1
        ]
        assert "hangs_on_int_terminator.py" in stack.strip().splitlines()[-2], stack
        assert "_pytest" not in stack and "hypothesis" not in stack, stack
