"""Mistake: push() only queues the data and leaves the sending to the
loop's next writable event, so a reply is not on the wire when push()
returns -- a latency every request pays."""

from ._base import Channel, find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "sending.at-once"


class async_chat(Channel):  # noqa: N801
    def push(self, data):
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError("data argument must be bytes-like, not %s" % type(data).__name__)
        size = self.ac_out_buffer_size
        for start in range(0, len(data), size):
            self.producer_fifo.append(data[start:start + size])
        # BUG: no initiate_send() here
