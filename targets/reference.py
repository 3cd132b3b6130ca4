"""This project's clean-room reference, on every supported Python."""

from asynchat_conformance import Target

TARGET = Target(
    name="reference",
    module="asynchat_reference",
    summary="the clean-room reference async_chat of this project",
    deviations="asynchat_conformance.targets:reference.deviations",
)
