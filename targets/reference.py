"""This project's clean-room reference, on every supported Python."""

from conformance import Target

TARGET = Target(
    name="reference",
    module="reference",
    summary="the clean-room reference async_chat of this project",
    deviations="targets:reference.deviations",
)
