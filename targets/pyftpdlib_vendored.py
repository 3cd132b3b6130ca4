"""The copy of asynchat that pyftpdlib 1.5.x vendors as ``pyftpdlib._asynchat``
(on its own ``pyftpdlib._asyncore``); pyftpdlib 2 dropped it."""

from asynchat_conformance import Target

TARGET = Target(
    name="pyftpdlib-vendored",
    module="pyftpdlib._asynchat",
    summary="pyftpdlib 1.5.x's vendored pyftpdlib._asynchat",
    distribution="pyftpdlib",
    versions="<2",
    deviations="asynchat_conformance.targets:pyftpdlib-vendored.deviations",
)
