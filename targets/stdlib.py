"""CPython's own ``asynchat``, while the standard library still has it."""

import sys
from typing import Optional

from conformance.target import ModuleAdapter


def _unavailable() -> Optional[str]:
    if sys.version_info >= (3, 12):
        return "asynchat left the standard library in Python 3.12 (this is %d.%d)" % sys.version_info[:2]
    return None


TARGET = ModuleAdapter(
    name="stdlib",
    module="asynchat",
    summary="CPython's asynchat module (Python 3.8 to 3.11)",
    unavailable=_unavailable,
    deviations="stdlib.deviations",
)
