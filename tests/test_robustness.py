"""The harness survives targets that hang, raise, die or change global state:
every run ends, in bounded time, with the verdicts those targets deserve, and
the cases that do not touch the misbehaviour still pass."""

import json
import sys
import time

import pytest

#: A case that never exercises the misbehaviours below, so it must pass.
HEALTHY = ("test_push_bytes_like", "push.bytes-like")

SCENARIOS = [
    # target, a case that meets the misbehaviour, its verdict, extra options
    ("loops_in_handle_read", ("test_close_in_found", "close-when-done.in-found-terminator"), "timeout", ()),
    ("loops_in_initiate_send", ("test_close_in_found", "close-when-done.in-found-terminator"), "timeout", ()),
    ("blocks_in_recv", ("test_many_per_read", "terminator.bytes.many-per-read"), "timeout", ()),
    ("never_reads", ("test_many_per_read", "terminator.bytes.many-per-read"), "fail", ()),
    ("raises_in_init", ("test_push_large", "push.larger-than-out-buffer"), "crash", ()),
    ("raises_in_push", ("test_discard_output", "discard-buffers.output"), "fail", ()),
    ("exits_process", ("test_discard_output", "discard-buffers.output"), "crash", ("-n", "2")),
]


@pytest.mark.parametrize("target, meets, verdict, options", SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_misbehaving_target_gets_its_verdict(suite, tmp_path, target, meets, verdict, options):
    results = tmp_path / "results.json"
    started = time.monotonic()
    run = suite("--target", "misbehaving_targets." + target, "--case-deadline", "1",
                "--results-json", str(results), "-k", "%s or %s" % (meets[0], HEALTHY[0]), *options)
    elapsed = time.monotonic() - started
    assert run.returncode == 1, run.explain()
    verdicts = {case["id"]: case for case in json.loads(results.read_text())["cases"]}
    assert verdicts[meets[1]]["verdict"] == verdict, run.explain()
    assert verdicts[HEALTHY[1]]["verdict"] == "pass", run.explain()
    # One deadline per timed-out scenario, plus start-up: never a hung run.
    assert elapsed < 45, "the run took %.1fs" % elapsed


def test_timeout_report_names_the_step(suite):
    run = suite("--target", "misbehaving_targets.loops_in_handle_read", "--case-deadline", "1",
                "-k", "test_close_in_found")
    assert "timeout: no verdict within 1s while peer sends b'QUIT\\r\\n'" in run.output, run.explain()


def test_global_state_changes_do_not_leak_into_later_cases(suite, tmp_path):
    results = tmp_path / "results.json"
    run = suite("--target", "misbehaving_targets.mutates_globals", "--results-json", str(results),
                "-k", "not stateful")
    assert run.returncode == 0, run.explain()
    verdicts = {case["verdict"] for case in json.loads(results.read_text())["cases"]}
    assert verdicts <= {"pass", "informational"}, run.explain()


@pytest.mark.parametrize("where", [(), ("--target-python", sys.executable)],
                         ids=["in-process", "out-of-process"])
def test_constructor_without_a_map_is_judged_on_its_behaviour(suite, tmp_path, where):
    """A medusa-era ``__init__(self, conn=None)``: the channel is built on the
    socket alone and moved into the driver's map, so every case gets a real
    verdict -- and this one conforms."""
    results = tmp_path / "results.json"
    run = suite("--target", "misbehaving_targets.medusa_constructor", "--results-json", str(results),
                "-p", "suite_profile", "--hypothesis-profile", "selftest", *where)
    assert run.returncode == 0, run.explain()
    verdicts = {case["id"]: case["verdict"] for case in json.loads(results.read_text())["cases"]}
    if where:  # out of process, the performance case cannot time the class
        assert verdicts.pop("performance.in-buffer-scaling") == "unimplemented", run.explain()
    assert set(verdicts.values()) <= {"pass", "informational"}, run.explain()


def test_reference_leaks_no_descriptors_and_no_resource_warnings(tmp_path):
    """The whole suite, in one process, leaves as many open descriptors as it
    found and emits no ResourceWarning."""
    import subprocess
    import sys

    from conftest import suite_env

    script = (
        "import os, sys, pytest\n"
        "before = len(os.listdir('/proc/self/fd'))\n"
        "code = pytest.main(['--pyargs', 'asynchat_conformance', '-q', '-p', 'no:cacheprovider',\n"
        "                    '-W', 'error::ResourceWarning', '-p', 'no:randomly'])\n"
        "after = len(os.listdir('/proc/self/fd'))\n"
        "print('descriptors before %d after %d' % (before, after))\n"
        "sys.exit(code or (after != before and 9))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=str(tmp_path), env=suite_env(),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, timeout=300)
    assert done.returncode == 0, done.stdout[-4000:]
    assert "ResourceWarning" not in done.stdout, done.stdout[-4000:]
