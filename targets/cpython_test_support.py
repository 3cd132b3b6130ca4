"""The private copy of asynchat that CPython keeps for its own tests, as
``test.support.asynchat`` (on ``test.support.asyncore``), from 3.12 on."""

import importlib.util
import sys
from typing import Optional

from conformance.target import ModuleAdapter


def _unavailable() -> Optional[str]:
    if sys.version_info < (3, 12):
        return ("CPython keeps test.support.asynchat from 3.12 on; Python %d.%d still has "
                "asynchat itself (target stdlib)" % sys.version_info[:2])
    try:
        found = importlib.util.find_spec("test.support.asynchat") is not None
    except ImportError:
        found = False
    if not found:
        return ("this Python %d.%d has no test.support.asynchat (is its test package "
                "installed?)" % sys.version_info[:2])
    return None


TARGET = ModuleAdapter(
    name="cpython-test-support",
    module="test.support.asynchat",
    summary="CPython's private test.support.asynchat (Python 3.12 and later)",
    unavailable=_unavailable,
    deviations="cpython-test-support.deviations",
)
