"""The "dead battery" redistribution ``standard-asynchat`` (with
``standard-asyncore``), on every Python.

Both install the standard library's module names; on 3.8 to 3.11 the
standard library's own modules shadow them, so their files are loaded from
their distributions under private names (see ``targets/_installed.py``).
"""

from ._installed import DistributionAdapter, InstalledFile

TARGET = DistributionAdapter(
    name="standard-asynchat",
    summary="the standard-asynchat redistribution from PyPI, on standard-asyncore",
    chat=InstalledFile("standard-asynchat", "asynchat/__init__.py", "asynchat"),
    needs=(InstalledFile("standard-asyncore", "asyncore/__init__.py", "asyncore"),),
    deviations="standard-asynchat.deviations",
)
