"""The PyPI backport ``pyasynchat`` (with ``pyasyncore``), on every Python.

Both install the standard library's module names, ``asynchat`` and
``asyncore``; on 3.8 to 3.11 the standard library's own modules shadow them,
so the backport's files are loaded from its distribution under private names
(see ``targets/_installed.py``) -- the same way on every Python.
"""

from ._installed import DistributionAdapter, InstalledFile

TARGET = DistributionAdapter(
    name="pyasynchat",
    summary="the pyasynchat backport from PyPI, on pyasyncore",
    chat=InstalledFile("pyasynchat", "asynchat/__init__.py", "asynchat"),
    needs=(InstalledFile("pyasyncore", "asyncore/__init__.py", "asyncore"),),
    deviations="pyasynchat.deviations",
)
