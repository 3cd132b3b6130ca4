"""Mistake: push() type-checks for bytes only, so a bytearray or a
memoryview -- which asynchat accepts -- raises TypeError."""

from ._base import Channel, find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "push.bytes-like"


class async_chat(Channel):  # noqa: N801
    def push(self, data):
        if not isinstance(data, bytes):  # BUG: bytearray and memoryview are fine too
            raise TypeError("push() takes bytes, not %s" % type(data).__name__)
        size = self.ac_out_buffer_size
        for start in range(0, len(data), size):
            self.producer_fifo.append(data[start:start + size])
        self.initiate_send()
