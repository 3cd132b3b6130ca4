"""supervisor 4.x's medusa copy of asynchat, ``supervisor.medusa.asynchat_25``
(on its own ``supervisor.medusa.asyncore_25``): the Python 2.5 asynchat."""

from asynchat_conformance import Target

TARGET = Target(
    name="supervisor",
    module="supervisor.medusa.asynchat_25",
    summary="supervisor 4.x's supervisor.medusa.asynchat_25",
    distribution="supervisor",
    versions=">=4, <5",
    deviations="asynchat_conformance.targets:supervisor.deviations",
)
