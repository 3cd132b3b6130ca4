"""supervisor 4.x's medusa copy of asynchat, ``supervisor.medusa.asynchat_25``
(on its own ``supervisor.medusa.asyncore_25``): the Python 2.5 asynchat."""

from typing import Optional

from ._installed import PackagedModuleAdapter


def _unavailable(version: Optional[str]) -> Optional[str]:
    if version is not None and not version.startswith("4."):
        return "supervisor %s is installed; this target is supervisor 4.x's medusa" % version
    return None


TARGET = PackagedModuleAdapter(
    name="supervisor",
    summary="supervisor 4.x's supervisor.medusa.asynchat_25",
    module="supervisor.medusa.asynchat_25",
    distribution="supervisor",
    unavailable=_unavailable,
    deviations="supervisor.deviations",
)
