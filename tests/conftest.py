"""Shared helpers for the harness's own tests: running the conformance suite
in a subprocess, exactly as a user would, and reading its verdict summary.

The suite runs as ``python -m pytest --pyargs asynchat_conformance ...`` from an empty
temporary directory, so it imports the installed ``conformance`` package,
with this directory on ``PYTHONPATH`` so that ``broken_targets.NAME`` (and
throwaway modules a test writes) are importable targets.

pytest's own ``pytester`` plugin is enabled here too: ``test_plugin.py``
runs the suite through it.
"""

import functools
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, FrozenSet, List, Mapping, Optional, Sequence

import pytest

pytest_plugins = ["pytester"]

TESTS_DIR = Path(__file__).resolve().parent
# The test modules import broken_targets themselves (to discover them).
if str(TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(TESTS_DIR))

#: No single suite run may take longer than this; a hang fails the test.
#: (A whole run takes about 10 s; 120 s was once exceeded on a 2-core
#: machine running three other test sessions.)
SUITE_TIMEOUT = 240

_HEADER = re.compile(r"asynchat conformance verdicts: target (\S+)")
_VERDICT = re.compile(r"^([A-Z][A-Z-]*[A-Z]) +([a-z0-9][a-z0-9.\-]*)(?: |$)")
_SEPARATOR = re.compile(r"^(_{3,}|={3,})")


@dataclass
class SuiteRun:
    """What one subprocess run of the suite printed and returned."""

    args: Sequence[str]
    returncode: int
    output: str  # stdout, then stderr

    @property
    def verdict_target(self) -> Optional[str]:
        """The target named in the verdict section's header, if printed."""
        match = _HEADER.search(self.output)
        return match.group(1) if match else None

    @property
    def verdicts(self) -> Dict[str, str]:
        """``case id -> VERDICT`` from the summary lines at the end."""
        lines = self.output.splitlines()
        start = next((i for i, line in enumerate(lines) if _HEADER.search(line)), None)
        found: Dict[str, str] = {}
        if start is None:
            return found
        for line in lines[start + 1:]:
            if line.startswith("cases:"):
                break
            match = _VERDICT.match(line)
            if match:
                found[match.group(2)] = match.group(1)
        return found

    @property
    def error_lines(self) -> List[str]:
        return [line for line in self.output.splitlines() if line.startswith("ERROR:")]

    def reports(self, case_id: str) -> List[str]:
        """Every failure report of ``case_id``: from its ``[case-id]`` line to
        the next pytest section separator."""
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
            " ".join(self.args), self.returncode, self.output[-6000:])


@functools.lru_cache(maxsize=1)
def listed_case_ids() -> FrozenSet[str]:
    """The case ids ``python -m asynchat_conformance list`` prints (its first column)."""
    listing = subprocess.run(
        [sys.executable, "-m", "asynchat_conformance", "list"], cwd=tempfile.gettempdir(),
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, universal_newlines=True,
        timeout=SUITE_TIMEOUT, check=True,
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
    # --assert=plain: pytest would otherwise re-run its assertion rewriter over
    # every module of hypothesis and conformance in each run (their rewritten
    # bytecode is not cached under PYTHONDONTWRITEBYTECODE, as in CI), which
    # costs more than half a second per run and changes no verdict.
    # -v: the verdict section lists passing cases too (by default only the others).
    command = [sys.executable, "-m", "pytest", "--pyargs", "asynchat_conformance",
               "-p", "no:cacheprovider", "--assert=plain", "-v", *args]
    try:
        done = subprocess.run(
            command, cwd=str(cwd), env=dict(env) if env is not None else suite_env(),
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            universal_newlines=True, timeout=SUITE_TIMEOUT,
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail("the suite did not finish within %ds: %s\n%s" % (
            SUITE_TIMEOUT, " ".join(args), exc.stdout or ""), pytrace=False)
    return SuiteRun(list(args), done.returncode, done.stdout + done.stderr)


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
