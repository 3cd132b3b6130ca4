"""The "dead battery" redistribution ``standard-asynchat`` (with
``standard-asyncore``), on every Python.

Both install the standard library's module names; on 3.8 to 3.11 the
standard library's own modules shadow them, so their files are loaded from
their distributions under private names (``files``, see
``conformance/core/loader.py``).
"""

from asynchat_conformance import Target

TARGET = Target(
    name="standard-asynchat",
    module="asynchat",
    summary="the standard-asynchat redistribution from PyPI, on standard-asyncore",
    files=(
        ("asyncore", "standard-asyncore", "asyncore/__init__.py"),
        ("asynchat", "standard-asynchat", "asynchat/__init__.py"),
    ),
    deviations="asynchat_conformance.targets:standard-asynchat.deviations",
)
