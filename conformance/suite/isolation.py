"""Target code runs in a worker process, so that a target which ends its
process costs one case, not the run.

Unless the user chose with ``-n`` (``-n 0``: in this process), a run of the
suite gets one pytest-xdist worker.  When a target ends the worker
(``os._exit()``, a signal), xdist reports the test it was running as
failed and starts a new worker for the rest; this module turns that report
into a ``crash`` that says what happened: the case, the scenario, the last
step reached (from the worker's flight recorder, ``flight.py``) and the exit
status or signal (read from the dead worker without reaping it).

A case that crashed or timed out is finished: its remaining tests (other
parametrized examples) are skipped, across workers, through marker files in
the run's scratch directory.
"""

import json
import os
import re
import shutil
import signal
import tempfile
import time
from typing import Any, Dict, Optional

import pytest

from ..core import flight

_SCRATCH = "asynchat_conformance_scratch"
#: xdist's default gives up after 4 crashed workers per worker; a port that
#: crashes in every case must still get a verdict for each.
MAX_WORKER_RESTARTS = 10000


def runs_the_suite(config: Any) -> bool:
    """Whether this pytest run collects the conformance cases (the plugin is
    loaded in every pytest run of an environment that has this package)."""
    top = __name__.partition(".")[0]
    cases = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases")
    for arg in config.args:
        name = str(arg).split("::")[0]
        if getattr(config.option, "pyargs", False) and (name == top or name.startswith(top + ".")):
            return True
        path = os.path.abspath(os.path.join(str(config.invocation_params.dir), name))
        # the cases' folder, one inside it, or one that holds it
        if path == cases or path.startswith(cases + os.sep) or cases.startswith(path + os.sep):
            return True
    return False


@pytest.hookimpl(hookwrapper=True)
def pytest_cmdline_main(config: Any) -> Any:
    """Before xdist reads its options: one worker unless the user chose."""
    option = config.option
    if (
        hasattr(config, "workerinput")
        or not hasattr(option, "numprocesses")
        or not runs_the_suite(config)
    ):
        yield
        return
    chosen = (
        option.numprocesses is not None
        or getattr(option, "tx", None)
        or getattr(option, "dist", "no") != "no"
    )
    interactive = (
        config.getoption("usepdb", False)
        or config.getoption("collectonly", False)
        or getattr(option, "setuponly", False)
        or getattr(option, "setupplan", False)
    )
    if not chosen and not interactive:
        option.numprocesses = 1
    if getattr(option, "maxworkerrestart", None) is None:
        option.maxworkerrestart = str(MAX_WORKER_RESTARTS)
    yield


def pytest_configure(config: Any) -> None:
    _finished.clear()  # a second run in the same process starts afresh
    workerinput = getattr(config, "workerinput", None)
    if workerinput is not None:
        scratch = workerinput.get(_SCRATCH)
        if scratch:
            setattr(config, _SCRATCH, scratch)
            flight.open_recorder(_flight_path(scratch, workerinput["workerid"]))
        return
    scratch = tempfile.mkdtemp(prefix="asynchat-conformance-")
    os.mkdir(os.path.join(scratch, "finished"))
    setattr(config, _SCRATCH, scratch)


def pytest_unconfigure(config: Any) -> None:
    if not hasattr(config, "workerinput") and getattr(config, _SCRATCH, None):
        shutil.rmtree(getattr(config, _SCRATCH), ignore_errors=True)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """Tell each worker where the scratch directory is (xdist hook)."""
    scratch = getattr(node.config, _SCRATCH, None)
    if scratch:
        node.workerinput[_SCRATCH] = scratch


def _flight_path(scratch: str, worker: str) -> str:
    return os.path.join(scratch, "%s.flight" % re.sub(r"[^\w-]", "_", worker))


# -- finished cases -------------------------------------------------------------

_finished: Dict[str, str] = {}


def mark_finished(config: Any, case_id: str, why: str) -> None:
    """``case_id`` has its verdict for good: skip its remaining tests."""
    _finished[case_id] = why
    scratch = getattr(config, _SCRATCH, None)
    if scratch:
        try:
            with open(os.path.join(scratch, "finished", case_id), "w", encoding="utf-8") as handle:
                handle.write(why)
        except OSError:
            pass


def finished(config: Any, case_id: str) -> Optional[str]:
    """Why ``case_id`` is already finished, if it is (in any worker)."""
    if case_id in _finished:
        return _finished[case_id]
    scratch = getattr(config, _SCRATCH, None)
    if scratch:
        try:
            with open(os.path.join(scratch, "finished", case_id), encoding="utf-8") as handle:
                return handle.read() or "finished"
        except OSError:
            pass
    return None


# -- crashed workers ------------------------------------------------------------

_CRASHED = re.compile(r"worker '([^']+)' crashed while running")


def describe_crash(config: Any, report: Any) -> Optional[Dict[str, Any]]:
    """For xdist's report of a test whose worker died: the case, the reason
    and a reproduction, from the dead worker's flight record."""
    if not report.failed or getattr(report, "when", None) not in ("???", None):
        return None
    match = _CRASHED.search(str(report.longrepr or ""))
    node = getattr(report, "node", None)
    worker = match.group(1) if match else getattr(getattr(node, "gateway", None), "id", None)
    scratch = getattr(config, _SCRATCH, None)
    if worker is None or not scratch:
        return None
    record = flight.read(_flight_path(scratch, worker)) or {}
    if record.get("nodeid") and record["nodeid"] != report.nodeid:
        record = {}  # the record is of another test: say nothing false
    how = _how_it_ended(record.get("pid"))
    step = record.get("step") or "unknown"
    number = record.get("step_number")
    where = (
        step
        if number in (None, flight.CREATING, flight.FLUSHING)
        else "step %d, %s" % (number, step)
    )
    reason = "the target ended the worker process (%s) while %s" % (how, where)
    scenario = record.get("scenario")
    if scenario:
        reason += "\nscenario: %s" % scenario
    return {
        "case_id": record.get("case") or None,
        "reason": reason,
        "reproduction": {
            "scenario": scenario,
            "last_step": step,
            "step_number": number,
            "ended": how,
        }
        if scenario
        else {"last_step": step, "ended": how},
    }


def _how_it_ended(pid: Optional[int], wait: float = 3.0) -> str:
    """The exit status or signal of the dead worker ``pid`` (a child of this
    process), peeked at without reaping it (execnet reaps it)."""
    if not isinstance(pid, int) or not hasattr(os, "waitid"):
        return "exit status unknown"
    flags = os.WEXITED | os.WNOHANG | getattr(os, "WNOWAIT", 0)
    stop = time.monotonic() + wait
    while True:
        try:
            result = os.waitid(os.P_PID, pid, flags)
        except ChildProcessError:
            return "exit status unknown"
        if result is not None:
            if result.si_code == os.CLD_EXITED:
                return "exit status %d" % result.si_status
            try:
                name = signal.Signals(result.si_status).name
            except ValueError:
                name = "signal %d" % result.si_status
            return "killed by %s" % name
        if time.monotonic() > stop:
            return "exit status unknown"
        time.sleep(0.02)


def crash_properties(config: Any, report: Any) -> bool:
    """Label xdist's crash report with its case, verdict and reason; mark the
    case finished.  Returns whether ``report`` was such a report."""
    from ..core.verdicts import Verdict
    from .registry import case_of_test

    described = describe_crash(config, report)
    if described is None:
        return False
    case_id = described["case_id"] or case_of_test(report.nodeid)
    if case_id is None:
        return False
    report.user_properties = list(report.user_properties) + [
        ("case_id", case_id),
        ("verdict", Verdict.CRASH.value),
        ("reason", described["reason"]),
        ("reproduction", json.dumps(described["reproduction"])),
    ]
    mark_finished(config, case_id, "crashed in %s" % report.nodeid)
    return True
