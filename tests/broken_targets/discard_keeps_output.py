"""Mistake: discard_buffers() drops the input but leaves the output queue
alone, so output queued before it is still sent."""

from ._base import Channel, find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "discard-buffers.output"


class async_chat(Channel):  # noqa: N801
    def discard_buffers(self):
        self.ac_in_buffer = b""
        del self.incoming[:]
        # BUG: producer_fifo should be cleared too
