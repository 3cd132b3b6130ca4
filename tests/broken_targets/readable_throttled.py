"""Mistake: readable() is false while more than ac_in_buffer_size bytes are
buffered (medusa's flow control), so a partial terminator longer than the
buffer size stops all reading and the message is never completed."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "readiness.in-buffer-full"


class async_chat(spec.async_chat):  # noqa: N801
    def readable(self):
        return len(self.ac_in_buffer) <= self.ac_in_buffer_size  # BUG: always true
