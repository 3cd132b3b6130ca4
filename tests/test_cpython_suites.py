"""CPython's own unit tests for asynchat and for smtpd (an asynchat user that
reaches into the channel's internals), run with the reference substituted
for ``asynchat``.  They exist only where the standard library still ships
them (Python 3.8 to 3.11); on later interpreters there is nothing to run,
which the parametrization below states rather than skipping silently."""

import importlib.util
import subprocess
import sys
import textwrap

import pytest

SUITES = ["test.test_asynchat", "test.test_smtpd"]

RUNNER = textwrap.dedent("""
    import sys, unittest, warnings
    warnings.simplefilter("ignore", DeprecationWarning)
    import asynchat_reference as reference
    sys.modules["asynchat"] = reference
    module = __import__({name!r}, fromlist=["_"])
    assert sys.modules["asynchat"] is reference, "the reference was not substituted"
    if "smtpd" in sys.modules:
        assert sys.modules["smtpd"].asynchat is reference, "smtpd did not pick up the reference"
    suite = unittest.defaultTestLoader.loadTestsFromModule(module)
    result = unittest.TextTestRunner(verbosity=1).run(suite)
    sys.exit(0 if result.wasSuccessful() and result.testsRun else 1)
""")


def _available(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ImportError:
        return False


@pytest.mark.parametrize(
    "suite",
    [s for s in SUITES if _available(s)]
    or [
        pytest.param(
            None,
            marks=pytest.mark.skip(
                reason="CPython %d.%d ships neither test_asynchat nor test_smtpd (removed in 3.12)"
                % sys.version_info[:2]
            ),
        )
    ],
)
def test_cpython_suite_passes_on_reference(suite):
    result = subprocess.run(
        [sys.executable, "-c", RUNNER.format(name=suite)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
