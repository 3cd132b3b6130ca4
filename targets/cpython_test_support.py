"""The private copy of asynchat that CPython keeps for its own tests, as
``test.support.asynchat`` (on ``test.support.asyncore``), from 3.12 on;
before, the standard library has ``asynchat`` itself (target ``stdlib``).
An interpreter installed without its ``test`` package lacks it."""

from asynchat_conformance import Target

TARGET = Target(
    name="cpython-test-support",
    module="test.support.asynchat",
    summary="CPython's private test.support.asynchat (Python 3.12 and later; target stdlib before)",
    python=">=3.12",
    deviations="asynchat_conformance.targets:cpython-test-support.deviations",
)
