"""CPython's own ``asynchat``, while the standard library still has it
(it left in 3.12)."""

from asynchat_conformance import Target

TARGET = Target(
    name="stdlib",
    module="asynchat",
    summary="CPython's asynchat module, which left the standard library in Python 3.12",
    python="<3.12",
    deviations="asynchat_conformance.targets:stdlib.deviations",
)
