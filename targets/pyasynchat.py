"""The PyPI backport ``pyasynchat`` (with ``pyasyncore``), on every Python.

Both install the standard library's module names, ``asynchat`` and
``asyncore``; on 3.8 to 3.11 the standard library's own modules shadow them,
so the backport's files are loaded from its distribution under private names
(``files``, see ``conformance/core/loader.py``) -- the same way on every Python.
"""

from asynchat_conformance import Target

TARGET = Target(
    name="pyasynchat",
    module="asynchat",
    summary="the pyasynchat backport from PyPI, on pyasyncore",
    files=(
        ("asyncore", "pyasyncore", "asyncore/__init__.py"),
        ("asynchat", "pyasynchat", "asynchat/__init__.py"),
    ),
    deviations="asynchat_conformance.targets:pyasynchat.deviations",
)
