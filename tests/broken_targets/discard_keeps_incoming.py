"""Mistake: discard_buffers() drops the unprocessed input and the output
queue but forgets incoming, so a message collected in part before the
discard carries its stale start into the next one."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "incoming.discard"


class async_chat(spec.async_chat):  # noqa: N801
    def discard_buffers(self):
        self.ac_in_buffer = b""
        self.producer_fifo.clear()  # BUG: incoming must be emptied as well
