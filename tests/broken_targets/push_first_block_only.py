"""Mistake: push() of data larger than ac_out_buffer_size queues only its
first ac_out_buffer_size bytes; the rest is lost."""

from ._base import Channel, find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "push.larger-than-out-buffer"


class async_chat(Channel):  # noqa: N801
    def push(self, data):
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError("push() takes bytes-like data, not %s" % type(data).__name__)
        self.producer_fifo.append(data[:self.ac_out_buffer_size])  # BUG: not split
        self.initiate_send()
