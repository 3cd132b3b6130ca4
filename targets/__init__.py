"""Adapters for the implementations this project knows how to judge.

Adding one: a module here with an adapter named ``TARGET`` and a line below.
An implementation that is a plain importable module needs no adapter at all:
``--target package.module`` works as it is.
"""

from . import (cpython_test_support, pyasynchat, pyftpdlib, pyftpdlib_vendored, reference,
               standard_asynchat, stdlib, supervisor)

ADAPTERS = {adapter.name: adapter for adapter in (
    reference.TARGET,
    stdlib.TARGET,
    cpython_test_support.TARGET,
    pyasynchat.TARGET,
    standard_asynchat.TARGET,
    pyftpdlib_vendored.TARGET,
    pyftpdlib.TARGET,
    supervisor.TARGET,
)}
