"""Out-of-process targets (``--target-python``): the agent gives the same
verdicts as the in-process driver, a target that kills or hangs its agent
gets ``crash`` or ``timeout`` and the run goes on with a fresh agent, and a
target the chosen interpreter cannot load is a usage error."""

import errno
import glob
import json
import os
import shutil
import subprocess
import sys

import pytest

from asynchat_conformance.core.caseinfo import CaseInfo
from asynchat_conformance.core.channel import error_name
from asynchat_conformance.core.comparison import check
from asynchat_conformance.core.reentrancy import ROWS
from asynchat_conformance.core.scenario import Deliver, FailNext, Inspect, Push, Scenario
from asynchat_conformance.core.target import resolve
from asynchat_conformance.core.traces import ERROR, Call
from asynchat_conformance.remote.proxy import load_remote

#: stdlib while this Python still has asynchat, else the reference.
SAME_TARGET = "stdlib" if sys.version_info < (3, 12) else "reference"
#: The one case that cannot run out of process: it times the class in the harness.
IN_PROCESS_ONLY = "performance.in-buffer-scaling"


def _verdicts(path):
    return {case["id"]: case["verdict"] for case in json.loads(path.read_text())["cases"]}


def test_out_of_process_verdicts_equal_in_process(suite, tmp_path):
    here, there = tmp_path / "in.json", tmp_path / "out.json"
    local = suite("--target", SAME_TARGET, "--results-json", str(here))
    remote = suite(
        "--target", SAME_TARGET, "--target-python", sys.executable, "--results-json", str(there)
    )
    assert local.returncode == 0, local.explain()
    assert remote.returncode == 0, remote.explain()
    expected, observed = _verdicts(here), _verdicts(there)
    assert observed.pop(IN_PROCESS_ONLY) == "unimplemented"
    expected.pop(IN_PROCESS_ONLY)
    assert observed == expected
    document = json.loads(there.read_text())
    assert document["target"]["target_python"]["executable"] == sys.executable
    assert document["target"]["python"] == "%d.%d.%d" % sys.version_info[:3]
    assert "out of process" in document["target"]["description"]


def test_dead_agent_is_a_crash_and_the_run_goes_on(suite, tmp_path):
    results = tmp_path / "results.json"
    # discard-buffers.output pushes b"after", on which the target calls
    # os._exit; close.peer-resets comes later and needs a new agent.
    run = suite(
        "--target",
        "misbehaving_targets.exits_process",
        "--target-python",
        sys.executable,
        "--results-json",
        str(results),
        "-k",
        "test_discard_output or test_peer_resets",
    )
    assert run.returncode == 1, run.explain()
    cases = {case["id"]: case for case in json.loads(results.read_text())["cases"]}
    assert cases["discard-buffers.output"]["verdict"] == "crash", run.explain()
    assert "exited with status 13 while push(b'after')" in "\n".join(
        cases["discard-buffers.output"]["reproduction"]["observed"]
    ), run.explain()
    assert cases["close.peer-resets"]["verdict"] == "pass", run.explain()


def test_hung_agent_is_a_timeout_and_the_run_goes_on(suite, tmp_path):
    results = tmp_path / "results.json"
    run = suite(
        "--target",
        "misbehaving_targets.loops_in_handle_read",
        "--target-python",
        sys.executable,
        "--case-deadline",
        "1",
        "--results-json",
        str(results),
        "-k",
        "test_close_in_found or test_discard_output",
    )
    assert run.returncode == 1, run.explain()
    verdicts = _verdicts(results)
    assert verdicts["close-when-done.in-found-terminator"] == "timeout", run.explain()
    assert verdicts["discard-buffers.output"] == "pass", run.explain()
    assert "timeout: no verdict within 1s while peer sends b'QUIT\\r\\n'" in run.output


@pytest.mark.parametrize(
    "args, message",
    [
        (("--target", "reference", "--target-python", "no-such-python3"), "no such interpreter"),
        (("--target", "no_such_module_here", "--target-python", sys.executable), "cannot import"),
    ],
    ids=["no-interpreter", "no-module"],
)
def test_what_the_interpreter_cannot_load_is_a_usage_error(suite, args, message):
    run = suite(*args)
    assert run.returncode == 4, run.explain()
    assert len(run.error_lines) == 1 and message in run.error_lines[0], run.explain()


def _python27():
    """A python2.7 that runs (pyenv's shim on PATH may only complain)."""
    found = [shutil.which("python2.7")] + sorted(
        glob.glob("/root/.pyenv/versions/2.7.*/bin/python2.7")
    )
    for candidate in filter(None, found):
        if (
            subprocess.run(
                [candidate, "-c", "pass"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            ).returncode
            == 0
        ):
            return candidate
    return None


@pytest.mark.skipif(_python27() is None, reason="no python2.7 that runs")
def test_python27_agent_frames_like_the_reference(suite, tmp_path):
    results = tmp_path / "results.json"
    run = suite(
        "--target",
        "stdlib",
        "--target-python",
        _python27(),
        "--results-json",
        str(results),
        "-k",
        "test_terminators and not encoding and not negative",
    )
    assert run.returncode == 0, run.explain()
    document = json.loads(results.read_text())
    assert document["target"]["python"].startswith("2.7.")
    assert document["python"]["version"].startswith("2.7.")  # the report's column
    assert document["python"]["harness"]["executable"] == sys.executable
    assert set(_verdicts(results).values()) <= {"pass", "informational"}, run.explain()


@pytest.mark.skipif(_python27() is None, reason="no python2.7 that runs")
def test_python27_agent_reenters_from_every_callback_like_the_reference(suite, tmp_path):
    """The probe on 2.7 performs what an ``Inside`` step arms, from inside
    each callback, as the model does: CPython 2.7's asynchat passes every
    re-entrancy case."""
    results = tmp_path / "results.json"
    run = suite(
        "--target",
        "stdlib",
        "--target-python",
        _python27(),
        "--results-json",
        str(results),
        "--case",
        "reentry",
    )
    assert run.returncode == 0, run.explain()
    verdicts = _verdicts(results)
    assert set(verdicts) == {row.case for row in ROWS}, verdicts
    assert set(verdicts.values()) == {"pass"}, run.explain()


# -- the step boundary ---------------------------------------------------------------


class _Recording:
    """A stand-in channel: what the step functions called on it."""

    def __init__(self):
        self.calls = []

    def push(self, data):
        self.calls.append(("push", data))

    def set_terminator(self, terminator):
        self.calls.append(("set_terminator", terminator))

    def _probe_record(self, name, value=None):
        self.calls.append((name, value))


def test_a_step_crosses_to_the_agent_as_an_object_of_its_class_name():
    """Dicts exist only on the wire: both sides perform a step by its class
    name and read its fields as attributes, so a received step does what the
    scenario's own object does."""
    from asynchat_conformance.core import channel as side
    from asynchat_conformance.core import scenario as sc
    from asynchat_conformance.remote.agent import decode, encode

    batch = sc.Batch(
        (sc.Push(memoryview(b"ab")), sc.SetTerminator(3), sc.CallMethod("push", (b"c",)))
    )
    received = decode(json.loads(json.dumps(encode(batch))))
    assert side.kind(received) == "Batch"
    assert [side.kind(step) for step in received.steps] == ["Push", "SetTerminator", "CallMethod"]
    assert [step.describe() for step in received.steps] == [s.describe() for s in batch.steps]
    here, there = _Recording(), _Recording()
    for own, got in zip(batch.steps, received.steps):
        side.perform(here, own, None)
        side.perform(there, got, None)
    expected = [
        ("push", b"ab"),
        ("set_terminator", 3),
        ("push", b"c"),
        ("returned", ("push(b'c')", None)),
    ]
    assert _plain(here.calls) == _plain(there.calls) == expected


def _plain(calls):
    return [(name, bytes(v) if isinstance(v, memoryview) else v) for name, v in calls]


# -- what a report of a Python 2.7 target says ---------------------------------------

#: The channel's first read fails (the errno chosen so that 2.7 and 3.x both
#: hand it to handle_error()); then an attribute whose default 2.7 gives
#: otherwise, so that the report shows the error among what is alike.
REFUSED = Scenario(
    steps=(FailNext("recv", "ECONNREFUSED"), Deliver(b"ab\r\n"), Inspect("ac_in_buffer_size"))
)


def _check_on_27(target, scenario, pythonpath=None):
    remote = load_remote(resolve(target), _python27(), pythonpath)
    try:
        return check(
            remote, CaseInfo("agent.replay", "As the reference.", api="async_chat"), scenario, 30.0
        )
    finally:
        remote.agent.stop()


@pytest.mark.skipif(_python27() is None, reason="no python2.7 that runs")
def test_a_python27_report_names_an_exception_as_27_raised_it():
    """2.7 raises socket.error whatever the errno; Python 3 raises
    ConnectionRefusedError.  The traces compare alike, and the report says
    what 2.7 raised, on both sides."""
    outcome = _check_on_27("stdlib", REFUSED)
    assert outcome.verdict == "fail", outcome.report
    lines = outcome.report.splitlines()
    assert "    handle_error()  [socket.error(ECONNREFUSED)]" in lines, outcome.report
    assert "ConnectionRefusedError" not in outcome.report
    assert "  - channel.ac_in_buffer_size is 65536" in lines
    assert "  + channel.ac_in_buffer_size is 4096" in lines
    repro = outcome.details
    assert "handle_error()  [socket.error(ECONNREFUSED)]" in repro["expected"]
    assert "handle_error()  [socket.error(ECONNREFUSED)]" in repro["observed"]


def test_an_error_name_compares_as_python3_and_reads_as_the_target_raised_it():
    refused = ConnectionRefusedError(errno.ECONNREFUSED, "refused")
    call = Call(ERROR, error_name(type(refused), refused))
    assert call.value == "ConnectionRefusedError"  # what traces compare, from either Python
    assert call.render() == "handle_error()  [ConnectionRefusedError]"
    assert call.render(2) == "handle_error()  [socket.error(ECONNREFUSED)]"
    assert (
        Call(ERROR, error_name(TypeError, TypeError())).render(2) == "handle_error()  [TypeError]"
    )


#: A port only 2.7 can import, from a directory of its own, as a package
#: installed with ``pip install --target DIR`` for that interpreter alone is.
SHOUTING_PORT = """\
from asynchat import async_chat as _base


class async_chat(_base):
    def push(self, data):
        _base.push(self, data.upper())
"""


@pytest.mark.skipif(_python27() is None, reason="no python2.7 that runs")
def test_the_replay_snippet_of_a_python27_target_runs_as_pasted(tmp_path):
    """The snippet is flush left (it pastes into python as it is), names the
    interpreter and where it imported the port from, and needs nothing of
    the run's environment."""
    site = tmp_path / "site27"
    site.mkdir()
    (site / "shouting_port27.py").write_text(SHOUTING_PORT)
    outcome = _check_on_27("shouting_port27", Scenario(steps=(Push(b"hi"),)), str(site))
    assert outcome.verdict == "fail", outcome.report
    lines = outcome.report.splitlines()
    snippet = "\n".join(lines[lines.index("replay in Python:") + 1 :])
    assert "target_pythonpath=%r" % str(site) in snippet
    environment = {
        name: value for name, value in os.environ.items() if name != "ASYNCHAT_TARGET_PYTHONPATH"
    }
    pasted = subprocess.run(
        [sys.executable, "-"],
        input=snippet.encode("utf-8"),
        capture_output=True,
        cwd=str(tmp_path),
        env=environment,
        timeout=120,
    )
    out = pasted.stdout.decode("utf-8")
    assert pasted.returncode == 0, pasted.stderr.decode("utf-8")
    assert out.startswith("verdict: fail\n"), out
    assert "+ peer received b'HI'" in out
    assert "[out of process: CPython 2.7" in out


#: A 2.7 port whose constructor raises a socket error out of the harness's call.
REFUSING_PORT = """\
import errno
import socket
from asynchat import async_chat as _base


class async_chat(_base):
    def __init__(self, *args, **kwargs):
        raise socket.error(errno.ECONNREFUSED, "refused")
"""


@pytest.mark.skipif(_python27() is None, reason="no python2.7 that runs")
def test_a_python27_crash_names_the_exception_as_27_prints_it(tmp_path):
    """socket.error's own name is only ``error``: a crash names its module too."""
    (tmp_path / "refusing_port27.py").write_text(REFUSING_PORT)
    outcome = _check_on_27("refusing_port27", Scenario(steps=(Push(b"hi"),)), str(tmp_path))
    assert outcome.verdict == "crash", outcome.report
    assert outcome.details["observed"][-1] == (
        "INCOMPLETE: crash: socket.error: [Errno 111] refused while creating the channel"
    )


@pytest.mark.skipif(_python27() is None, reason="no python2.7 that runs")
def test_a_python27_constructor_that_raises_is_named_as_27_raised_it(tmp_path):
    """What a documented call raised is shown as a crash names it:
    ``socket.error``, not its bare ``__name__``."""
    (tmp_path / "refusing_port27.py").write_text(REFUSING_PORT)
    remote = load_remote(resolve("refusing_port27"), _python27(), str(tmp_path))
    try:
        built = remote.construct("async_chat(sock)")
    finally:
        remote.agent.stop()
    assert built.startswith("raised socket.error; the constructor is async_chat("), built
