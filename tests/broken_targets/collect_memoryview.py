"""Mistake: to save copies, the framing hands collect_incoming_data()
memoryview slices of the buffer instead of bytes, so a subclass calling
data.upper() or data.decode() breaks."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "collect.bytes"


class async_chat(spec.async_chat):  # noqa: N801
    def collect(self, data):
        # BUG: collect_incoming_data() must be handed bytes
        spec.async_chat.collect(self, memoryview(data))  # type: ignore[arg-type]  # the mistake
