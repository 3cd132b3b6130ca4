"""The harness survives targets that hang, raise, die or change global state:
every run ends, in bounded time, with the verdicts those targets deserve, and
the cases that do not touch the misbehaviour still pass."""

import json
import signal
import socket
import sys
import time
import warnings
from typing import Any, Callable, cast

import pytest

from asynchat_conformance.core.driver import from_module
from asynchat_conformance.core.loader import BUILT_THEN_MOVED, CONSTRUCTOR_CALLS
from asynchat_conformance.core.verdicts import ExitStatus

#: A case that never exercises the misbehaviours below, so it must pass.
HEALTHY = ("test_push_bytes_like", "push.bytes-like")

SCENARIOS = [
    # target, a case that meets the misbehaviour, its verdict, extra options
    (
        "loops_in_handle_read",
        ("test_close_in_found", "close-when-done.in-found-terminator"),
        "timeout",
        (),
    ),
    (
        "loops_in_initiate_send",
        ("test_close_in_found", "close-when-done.in-found-terminator"),
        "timeout",
        (),
    ),
    ("blocks_in_recv", ("test_many_per_read", "terminator.bytes.many-per-read"), "timeout", ()),
    ("never_reads", ("test_many_per_read", "terminator.bytes.many-per-read"), "fail", ()),
    ("raises_in_init", ("test_push_large", "push.larger-than-out-buffer"), "crash", ()),
    ("raises_in_push", ("test_discard_output", "discard-buffers.output"), "fail", ()),
    ("exits_process", ("test_discard_output", "discard-buffers.output"), "crash", ("-n", "2")),
]


def deadline_handler() -> Callable[[int, Any], Any]:
    """SIGALRM's handler: the deadline's, which the test has installed."""
    return cast(Callable[[int, Any], Any], signal.getsignal(signal.SIGALRM))


@pytest.mark.parametrize(
    "target, meets, verdict, options", SCENARIOS, ids=[s[0] for s in SCENARIOS]
)
def test_misbehaving_target_gets_its_verdict(suite, tmp_path, target, meets, verdict, options):
    results = tmp_path / "results.json"
    started = time.monotonic()
    run = suite(
        "--target",
        "misbehaving_targets." + target,
        "--case-deadline",
        "1",
        "--results-json",
        str(results),
        "-k",
        "%s or %s" % (meets[0], HEALTHY[0]),
        *options,
    )
    elapsed = time.monotonic() - started
    assert run.returncode == 1, run.explain()
    verdicts = {case["id"]: case for case in json.loads(results.read_text())["cases"]}
    assert verdicts[meets[1]]["verdict"] == verdict, run.explain()
    assert verdicts[HEALTHY[1]]["verdict"] == "pass", run.explain()
    # One deadline per timed-out scenario, plus start-up: never a hung run.
    assert elapsed < 45, "the run took %.1fs" % elapsed


def test_timeout_report_names_the_step(suite):
    run = suite(
        "--target",
        "misbehaving_targets.loops_in_handle_read",
        "--case-deadline",
        "1",
        "-k",
        "test_close_in_found",
    )
    assert "timeout: no verdict within 1s while peer sends b'QUIT\\r\\n'" in run.output, (
        run.explain()
    )


def test_a_deadline_expiring_in_the_harness_is_a_timeout(suite, tmp_path):
    # The deadline expires after the target's step, while the harness itself
    # compares (late_deadline): the target took too long, nothing more; it
    # must not read as an error of the harness (exit 3).
    results = tmp_path / "results.json"
    run = suite(
        "--target",
        "reference",
        "-p",
        "late_deadline",
        "--results-json",
        str(results),
        "-k",
        HEALTHY[0],
    )
    assert run.returncode == 1, run.explain()
    verdicts = {case["id"]: case for case in json.loads(results.read_text())["cases"]}
    assert verdicts[HEALTHY[1]]["verdict"] == "timeout", run.explain()


def test_a_deadline_firing_while_it_records_neither_nests_nor_raises_there(monkeypatch):
    # On a loaded machine, recording where the target was can take longer than
    # the 50 ms between firings: each later firing then lands in the handler
    # itself.  It must wait for the next one, not nest (until a RecursionError
    # made the timeout a crash) -- whatever the load, one CaseDeadline.
    import signal

    from asynchat_conformance.core import deadline as deadlines

    recorded = []
    record = deadlines.target_stack

    def slow_to_record(frame, limit=30):
        recorded.append(frame)
        if len(recorded) < 5000:  # the next firing arrives before this one is done
            deadline_handler()(signal.SIGALRM, sys._getframe())
        return record(frame, limit)

    monkeypatch.setattr(deadlines, "target_stack", slow_to_record)
    deadlines.start_case()
    try:
        with pytest.raises(deadlines.CaseDeadline):
            with deadlines.deadline(0.01):
                while True:
                    pass
        assert len(recorded) == 1
        assert deadlines.expired is not None and deadlines.case_over()
    finally:
        deadlines.start_case()


def test_a_deadline_firing_on_its_way_out_lets_it_clean_up():
    # The deadline expired in the target, and fires again (every 50 ms) while
    # its CaseDeadline leaves the block: a firing that raised in the block's
    # own exit (contextlib's __exit__, before it resumes the generator) would
    # skip the clean-up, and the timer would go on firing in the harness.
    import signal

    from asynchat_conformance.core import deadline as deadlines

    deadlines.start_case()
    previous = signal.getsignal(signal.SIGALRM)

    fired = []

    def fire_again_in_exit(frame, event, arg):
        if event == "call" and frame.f_code.co_name == "__exit__":
            sys.setprofile(None)
            fired.append(frame.f_code.co_filename)
            deadline_handler()(signal.SIGALRM, frame)

    try:
        with pytest.raises(deadlines.CaseDeadline) as raised:
            with deadlines.deadline(0.01):
                try:
                    while True:
                        pass
                finally:
                    sys.setprofile(fire_again_in_exit)
        assert fired and fired[0].endswith("contextlib.py")
        # Cleaned up at once, not only once the exception is gone:
        assert signal.getsignal(signal.SIGALRM) is previous
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        del raised
    finally:
        sys.setprofile(None)
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        deadlines.start_case()


def test_global_state_changes_do_not_leak_into_later_cases(suite, tmp_path):
    results = tmp_path / "results.json"
    run = suite(
        "--target",
        "misbehaving_targets.mutates_globals",
        "--results-json",
        str(results),
        "-k",
        "not stateful",
    )
    assert run.returncode == 0, run.explain()
    verdicts = {case["verdict"] for case in json.loads(results.read_text())["cases"]}
    assert verdicts <= {"pass", "informational"}, run.explain()


def test_the_constructor_cases_leave_the_process_as_they_found_it():
    """The constructor cases call the target's class outside any channel: what
    its constructor changes for the whole process is put back all the same."""
    target = from_module("misbehaving_targets.mutates_globals")

    def process_state():
        maps = [dict(module.socket_map) for module in target.loaded.global_state]
        return socket.getdefaulttimeout(), sys.stdout, list(warnings.filters), maps

    before = process_state()
    for call in CONSTRUCTOR_CALLS:
        assert "raised" not in target.construct(call), call
        assert process_state() == before, call


@pytest.mark.parametrize(
    "where", [(), ("--target-python", sys.executable)], ids=["in-process", "out-of-process"]
)
def test_constructor_without_a_map_is_judged_on_its_behaviour(suite, tmp_path, where):
    """A medusa-era ``__init__(self, conn=None)``: the channel is built on the
    socket alone and moved into the driver's map, so every case gets a real
    verdict -- this one conforms everywhere but in the constructor's own
    case, which names the signature -- and the terminal and the results file
    say how its channels were built."""
    results = tmp_path / "results.json"
    run = suite(
        "--target",
        "misbehaving_targets.medusa_constructor",
        "--results-json",
        str(results),
        "-p",
        "suite_profile",
        "--hypothesis-profile",
        "selftest",
        *where,
    )
    assert run.returncode == ExitStatus.DOES_NOT_CONFORM, run.explain()
    document = json.loads(results.read_text())
    assert document["target"]["built_as"] == BUILT_THEN_MOVED, document["target"]
    assert "channels built as %s" % BUILT_THEN_MOVED in run.output, run.explain()
    cases = {case["id"]: case for case in document["cases"]}
    signature = cases.pop("constructor.documented-signature")
    assert signature["verdict"] == "fail", run.explain()
    assert "the constructor is async_chat(conn=None)" in signature["reason"], signature["reason"]
    verdicts = {case_id: case["verdict"] for case_id, case in cases.items()}
    if where:  # out of process, the performance case cannot time the class
        assert verdicts.pop("performance.in-buffer-scaling") == "unimplemented", run.explain()
    assert set(verdicts.values()) <= {"pass", "informational"}, run.explain()


@pytest.mark.slow  # the whole suite, in a subprocess
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
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=str(tmp_path),
        env=suite_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-4000:]
    assert "ResourceWarning" not in done.stdout, done.stdout[-4000:]
