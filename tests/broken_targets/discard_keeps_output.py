"""Mistake: discard_buffers() drops the input but leaves the output queue
alone, so output queued before it is still sent."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "discard-buffers.output"


class async_chat(spec.async_chat):  # noqa: N801
    def discard_buffers(self):
        self.ac_in_buffer = b""
        del self.incoming[:]
        # BUG: producer_fifo should be cleared too
