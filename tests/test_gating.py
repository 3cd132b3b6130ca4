"""Each rule of the exit status a pipeline gates on: 0 conforms, 1 a failing
verdict, 3 a harness error, 5 nothing ran; non-strict passes unless pytest's
--strict is given.  (Usage errors, 4, and recorded deviations are in
test_plugin.py.)"""

import json

from asynchat_conformance.core.verdicts import ExitStatus

SPLIT = ("-k", "test_split_terminator")


def verdicts(results):
    return {case["id"]: case["verdict"] for case in json.loads(results.read_text())["cases"]}


def test_conforming_target_exits_0(suite):
    run = suite("--target", "reference", *SPLIT)
    assert run.returncode == ExitStatus.CONFORMS, run.explain()


def test_failing_verdict_exits_1(suite):
    run = suite("--target", "broken_targets.no_holdback", *SPLIT)
    assert run.returncode == ExitStatus.DOES_NOT_CONFORM, run.explain()
    assert run.verdicts == {"terminator.bytes.split": "FAIL"}, run.explain()


def test_harness_error_exits_3(suite):
    run = suite("--target", "reference", "-p", "harness_breaker", *SPLIT)
    assert run.returncode == ExitStatus.HARNESS_ERROR, run.explain()
    assert run.verdicts == {"terminator.bytes.split": "HARNESS-ERROR"}, run.explain()


def test_no_case_selected_exits_5(suite):
    run = suite("--target", "reference", "-k", "no_such_case_anywhere")
    assert run.returncode == ExitStatus.NOTHING_RAN, run.explain()


def test_only_unimplemented_cases_exits_5(suite, tmp_path):
    module = tmp_path / "bare_chat.py"
    module.write_text("from asynchat_reference import async_chat\n", encoding="utf-8")
    from conftest import suite_env

    run = suite(
        "--target",
        "bare_chat",
        "-k",
        "test_find_prefix_at_end or test_simple_producer_more",
        env=suite_env(extra_path=[tmp_path]),
    )
    assert run.returncode == ExitStatus.NOTHING_RAN, run.explain()
    assert set(run.verdicts.values()) == {"UNIMPLEMENTED"}, run.explain()


def test_non_strict_passes_and_strict_fails_it(suite, tmp_path):
    results = tmp_path / "results.json"
    run = suite(
        "--target", "misbehaving_targets.collects_bytewise", "--results-json", str(results), *SPLIT
    )
    assert run.returncode == ExitStatus.CONFORMS, run.explain()
    assert verdicts(results) == {"terminator.bytes.split": "non-strict"}, run.explain()
    strict = suite("--target", "misbehaving_targets.collects_bytewise", "--strict", *SPLIT)
    assert strict.returncode == ExitStatus.DOES_NOT_CONFORM, strict.explain()
    assert strict.verdicts == {"terminator.bytes.split": "FAIL"}, strict.explain()


def test_process_exit_in_process_names_the_case(suite):
    """``-n 0`` asks for no worker: the cases run in pytest's own process, so
    a target that ends it ends the run there, with one line naming the case
    (by default a worker runs them: see test_robustness.py)."""
    run = suite(
        "--target", "misbehaving_targets.exits_process", "-k", "test_discard_output", "-n", "0"
    )
    assert run.returncode == 13, run.explain()
    line = next(
        (text for text in run.output.splitlines() if "the target called os._exit(13)" in text), ""
    )
    assert line.endswith("test_output.py::test_discard_output"), run.explain()


def test_a_drawn_messages_example_has_its_calls_compared_and_strict_fails_it(suite, tmp_path):
    """property.split-independence compares the messages with the model on one
    delivery; the calls are still compared with the model on the target's own
    schedule, so a target that collects byte by byte is non-strict there."""
    independence = ("-k", "test_split_independence")
    results = tmp_path / "results.json"
    run = suite(
        "--target",
        "misbehaving_targets.collects_bytewise",
        "--results-json",
        str(results),
        *independence,
    )
    assert run.returncode == ExitStatus.CONFORMS, run.explain()
    assert verdicts(results) == {"property.split-independence": "non-strict"}, run.explain()
    strict = suite("--target", "misbehaving_targets.collects_bytewise", "--strict", *independence)
    assert strict.returncode == ExitStatus.DOES_NOT_CONFORM, strict.explain()
    assert strict.verdicts == {"property.split-independence": "FAIL"}, strict.explain()
