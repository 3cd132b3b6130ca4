"""The copy of asynchat that pyftpdlib 1.5.x vendors as ``pyftpdlib._asynchat``
(on its own ``pyftpdlib._asyncore``); pyftpdlib 2 dropped it."""

from typing import Optional

from ._installed import PackagedModuleAdapter


def _unavailable(version: Optional[str]) -> Optional[str]:
    if version is not None and not version.startswith("1."):
        return ("pyftpdlib %s is installed; only pyftpdlib 1.x vendors asynchat "
                "(pip install 'pyftpdlib<2')" % version)
    return None


TARGET = PackagedModuleAdapter(
    name="pyftpdlib-vendored",
    summary="pyftpdlib 1.5.x's vendored pyftpdlib._asynchat",
    module="pyftpdlib._asynchat",
    distribution="pyftpdlib",
    unavailable=_unavailable,
    deviations="pyftpdlib-vendored.deviations",
)
