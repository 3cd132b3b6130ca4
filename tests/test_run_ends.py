"""A run ends, fast and honestly, whatever the target does: a target that
hangs or spins gets ``timeout`` verdicts at one deadline per case, and one
that ends its process -- ``os._exit(0)``, ``os._exit(7)``, SIGKILL -- gets
``crash`` verdicts, with or without ``-n``,
while every other case is still judged and the results file is written.

The two hanging targets run the whole suite at the default deadline (5 s):
these are the slow tests of this file, bounded by conftest.SUITE_TIMEOUT
(120 s), the bound a user can expect.
"""

import json
import time

import pytest

from conftest import SUITE_TIMEOUT

DEFAULT_DEADLINE = 5.0


def cases_of(results):
    return {case["id"]: case for case in json.loads(results.read_text())["cases"]}


@pytest.mark.parametrize(
    "target, stuck",
    [
        ("hangs_on_int_terminator", "terminator.int.count"),
        ("spins_on_none_terminator", "terminator.none"),
    ],
    ids=["hangs-on-int-terminator", "spins-on-none-terminator"],
)
def test_a_hanging_target_costs_one_deadline_per_case(suite, tmp_path, target, stuck):
    results = tmp_path / "results.json"
    started = time.monotonic()
    run = suite("--target", "misbehaving_targets." + target, "--results-json", str(results))
    elapsed = time.monotonic() - started
    assert run.returncode == 1, run.explain()
    assert elapsed < SUITE_TIMEOUT
    cases = cases_of(results)
    verdicts = {case_id: case["verdict"] for case_id, case in cases.items()}
    timed_out = sorted(case_id for case_id, verdict in verdicts.items() if verdict == "timeout")
    assert stuck in timed_out, run.explain()
    # The rest is judged: the cases that never meet the hang pass.
    assert (
        verdicts["push.bytes-like"] == "pass"
        and verdicts["close-when-done.flushes-first"] == "pass"
    )
    assert set(verdicts.values()) <= {"pass", "timeout", "informational"}, verdicts
    for case_id in timed_out:
        # One deadline, not one per example or shrink step.
        assert cases[case_id]["duration"] < 2 * DEFAULT_DEADLINE, (
            case_id,
            cases[case_id]["duration"],
        )
        # The examples before it may have passed; none ran after it.
        assert cases[case_id]["examples"].get("timeout") == 1, (case_id, cases[case_id]["examples"])
        reason = cases[case_id]["reason"]
        # Where the target was when the deadline stopped it: its own code.
        assert "where the target was when it was stopped" in reason, reason
        assert "%s.py" % target in reason.split("where the target was")[1], reason
    # The terminal says the same.
    assert run.verdicts[stuck] == "TIMEOUT", run.explain()


HEALTHY = ("push.bytes-like", "terminator.bytes.split")
#: Cases in which ends_process pushes b"after" and so ends its process.
ENDING = ("discard-buffers.output", "push.empty")


@pytest.mark.parametrize(
    "how, ended",
    [
        ("exit0", "exit status 0"),
        ("exit7", "exit status 7"),
        ("kill", "killed by SIGKILL"),
    ],
)
@pytest.mark.parametrize("workers", [(), ("-n", "2")], ids=["default", "n2"])
def test_a_target_that_ends_its_process_cannot_end_the_run(suite, tmp_path, how, ended, workers):
    from conftest import suite_env

    results = tmp_path / "results.json"
    selected = [arg for case_id in ENDING + HEALTHY for arg in ("--case", case_id)]
    run = suite(
        "--target",
        "misbehaving_targets.ends_process",
        "--results-json",
        str(results),
        *selected,
        *workers,
        env=suite_env(MISBEHAVE_END=how),
    )
    assert run.returncode == 1, run.explain()  # a failing verdict: crash (README, exit statuses)
    cases = cases_of(results)
    for case_id in HEALTHY:
        assert cases[case_id]["verdict"] == "pass", run.explain()
    for case_id in ENDING:
        case = cases[case_id]
        assert case["verdict"] == "crash", run.explain()
        # The reason names how it ended and the last step reached; the
        # reproduction holds the scenario.
        assert ended in case["reason"] and "push(b'after')" in case["reason"], case["reason"]
        assert "Push(data=b'after')" in case["reproduction"]["scenario"], case["reproduction"]
        assert case["reproduction"]["last_step"] == "push(b'after')"
        assert run.verdicts[case_id] == "CRASH", run.explain()
