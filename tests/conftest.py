"""Shared helpers for the harness's own tests: running the conformance suite
exactly as a user would, and reading its verdicts from the results file it
writes (``--results-json``).

A subprocess run (the ``suite`` fixture, ``run_suite``) is
``python -m pytest --pyargs asynchat_conformance ...`` from an empty
temporary directory, so it imports the installed ``conformance`` package,
with this directory on ``PYTHONPATH`` so that ``broken_targets.NAME`` (and
throwaway modules a test writes) are importable targets.  An in-process run
(the ``suite_in_process`` fixture) is the same command line through pytest's
``pytester`` with ``-n 0``: no interpreter to start, so a run of one case
takes a fraction of a second; it suits targets that neither hang past the
case deadline nor end the process.

Tests that run the suite in a subprocess are the slow layer: the ``suite``
fixture marks them ``slow`` (``pytest -m "not slow"`` leaves them out), and a
module that calls ``run_suite`` itself says ``pytestmark = pytest.mark.slow``.
"""

import contextlib
import functools
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, FrozenSet, Iterator, List, Mapping, Optional, Sequence, Tuple

import pytest
from hypothesis import settings

from asynchat_conformance.core import sandbox

pytest_plugins = ["pytester"]

TESTS_DIR = Path(__file__).resolve().parent
# The test modules import broken_targets themselves (to discover them).
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))

#: No single suite run may take longer than this; a hang fails the test.
#: (A whole run takes about 10 s alone; a 2-core machine shared with other
#: test sessions can make it take over ten times that.)
SUITE_TIMEOUT = 240

#: Fixtures that run the suite in a new interpreter: a test using one is slow.
SUBPROCESS_FIXTURES = frozenset({"suite", "in_subprocess"})

#: What every run gets: the installed package's cases, no cache written, and
#: no assertion rewriting (pytest would otherwise rewrite every module of
#: Hypothesis and the harness in each run -- their rewritten bytecode is not
#: cached under PYTHONDONTWRITEBYTECODE, as in CI -- which costs more than
#: half a second per run and changes no verdict).  -v: the verdict section
#: lists passing cases too (by default only the others).
SUITE_ARGS = ("--pyargs", "asynchat_conformance", "-p", "no:cacheprovider", "--assert=plain", "-v")

_SEPARATOR = re.compile(r"^(_{3,}|={3,})")


def pytest_collection_modifyitems(items: List[pytest.Item]) -> None:
    for item in items:
        if SUBPROCESS_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@dataclass
class SuiteRun:
    """One run of the suite: what it printed and returned, and the results
    file it wrote (``None`` when it wrote none, e.g. after a usage error)."""

    args: Sequence[str]
    returncode: int
    output: str  # stdout, then stderr
    results: Optional[Dict[str, Any]] = None

    @property
    def verdicts(self) -> Dict[str, str]:
        """``case id -> VERDICT`` from the results file, upper-cased as the
        terminal prints verdicts (``FAIL``, ``HARNESS-ERROR``)."""
        if self.results is None:
            return {}
        return {case["id"]: case["verdict"].upper() for case in self.results["cases"]}

    @property
    def error_lines(self) -> List[str]:
        return [line for line in self.output.splitlines() if line.startswith("ERROR:")]

    def reports(self, case_id: str) -> List[str]:
        """Every failure report of ``case_id`` in the terminal output: from
        its ``[case-id]`` line to the next pytest section separator."""
        found, current = [], None
        for line in self.output.splitlines():
            if line.startswith("[%s] " % case_id):
                current = [line]
                found.append(current)
            elif current is not None:
                if _SEPARATOR.match(line):
                    current = None
                else:
                    current.append(line)
        return ["\n".join(report) for report in found]

    def explain(self) -> str:
        """For assertion messages: the command and the tail of its output."""
        return "$ pytest %s  -> exit %d\n%s" % (
            " ".join(self.args),
            self.returncode,
            self.output[-6000:],
        )


@contextlib.contextmanager
def _with_results_file(args: Sequence[str]) -> Iterator[Tuple[List[str], Path]]:
    """``args`` with a ``--results-json``, and the path the run writes its
    results to: the caller's, or else one in a directory of its own (not the
    run's working directory, whose contents some tests look at), removed
    afterwards."""
    args = list(args)
    for index, arg in enumerate(args[:-1]):
        if arg == "--results-json":
            yield args, Path(args[index + 1])
            return
    for arg in args:
        if arg.startswith("--results-json="):
            yield args, Path(arg.partition("=")[2])
            return
    with tempfile.TemporaryDirectory(prefix="suite-results-") as where:
        path = Path(where) / "results.json"
        yield args + ["--results-json", str(path)], path


def _read_results(path: Path) -> Optional[Dict[str, Any]]:
    if not path.exists():
        return None
    with path.open(encoding="utf-8") as handle:
        document: Dict[str, Any] = json.load(handle)
    return document


@functools.lru_cache(maxsize=1)
def listed_case_ids() -> FrozenSet[str]:
    """The case ids ``python -m asynchat_conformance list`` prints (its first column)."""
    listing = subprocess.run(
        [sys.executable, "-m", "asynchat_conformance", "list"],
        cwd=tempfile.gettempdir(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        text=True,
        timeout=SUITE_TIMEOUT,
        check=True,
    ).stdout
    return frozenset(line.split()[0] for line in listing.splitlines() if line.strip())


def suite_env(extra_path: Sequence[Path] = (), **overrides: str) -> Dict[str, str]:
    """The environment of a suite run: this directory (and ``extra_path``)
    importable, no target chosen by the caller's own environment, and
    Hypothesis derandomized (the ``ci`` profile) so verdicts are repeatable."""
    env = dict(os.environ)
    env.pop("ASYNCHAT_TARGET", None)
    env.pop("PYTEST_ADDOPTS", None)
    env["CI"] = "true"
    paths = [str(p) for p in extra_path] + [str(TESTS_DIR)]
    if os.environ.get("PYTHONPATH"):
        paths.append(os.environ["PYTHONPATH"])
    env["PYTHONPATH"] = os.pathsep.join(paths)
    env.update(overrides)
    return env


def run_suite(*args: str, cwd: Path, env: Optional[Mapping[str, str]] = None) -> SuiteRun:
    """``python -m pytest --pyargs asynchat_conformance ARGS`` in ``cwd``."""
    with _with_results_file(args) as (args_with_results, results):
        command = [sys.executable, "-m", "pytest", *SUITE_ARGS, *args_with_results]
        try:
            done = subprocess.run(
                command,
                cwd=str(cwd),
                env=dict(env) if env is not None else suite_env(),
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=SUITE_TIMEOUT,
            )
        except subprocess.TimeoutExpired as exc:
            printed = exc.stdout if isinstance(exc.stdout, str) else ""
            pytest.fail(
                "the suite did not finish within %ds: %s\n%s"
                % (SUITE_TIMEOUT, " ".join(args), printed),
                pytrace=False,
            )
        return SuiteRun(
            list(args), done.returncode, done.stdout + done.stderr, _read_results(results)
        )


def check_usage_error(status: int, lines: Sequence[str], *fragments: str) -> None:
    """Exit status 4, one ``ERROR:`` line that names the problem (every
    fragment), and no traceback: what a user who mistyped gets."""
    output = "\n".join(lines)
    assert status == 4, output
    errors = [line for line in lines if line.startswith("ERROR:")]
    assert len(errors) == 1, output
    for fragment in fragments:
        assert fragment in errors[0], (fragment, output)
    assert "Traceback" not in output, output


def assert_usage_error(run: SuiteRun, *fragments: str) -> None:
    """``check_usage_error`` of a ``suite`` fixture run."""
    check_usage_error(run.returncode, run.output.splitlines(), *fragments)


@pytest.fixture
def suite(tmp_path):
    """``suite(*args, env=None)``: run the suite from an empty directory."""
    workdir = tmp_path / "run"
    workdir.mkdir()

    def run(*args: str, env: Optional[Mapping[str, str]] = None) -> SuiteRun:
        return run_suite(*args, cwd=workdir, env=env)

    return run


@pytest.fixture
def suite_in_process(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """``suite_in_process(*args)``: the suite in this process (``-n 0``),
    from pytester's empty directory, with the environment ``suite_env``
    gives a subprocess run.  What a run sets process-wide (the Hypothesis
    profile, where the sandbox announces) is put back afterwards."""
    for name, value in suite_env().items():
        monkeypatch.setenv(name, value)
    for name in ("ASYNCHAT_TARGET", "ASYNCHAT_TARGET_PYTHON", "PYTEST_ADDOPTS"):
        monkeypatch.delenv(name, raising=False)
    profile = settings.get_current_profile_name()
    announce = sandbox.announce

    def run(*args: str) -> SuiteRun:
        with _with_results_file(args) as (args_with_results, results):
            done = pytester.runpytest_inprocess(*SUITE_ARGS, "-n", "0", *args_with_results)
            output = "\n".join(done.outlines + done.errlines)
            return SuiteRun(list(args), int(done.ret), output, _read_results(results))

    yield run
    sandbox.announce = announce
    settings.load_profile(profile)
