"""Mistake: to save copies, the framing hands collect_incoming_data()
memoryview slices of the buffer instead of bytes, so a subclass calling
data.upper() or data.decode() breaks."""

from ._base import Channel, find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "collect.bytes"


class async_chat(Channel):  # noqa: N801
    def collect(self, data):
        Channel.collect(self, memoryview(data))  # BUG: collect_incoming_data() must get bytes
