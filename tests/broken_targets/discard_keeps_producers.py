"""Mistake: discard_buffers() drops the queued blocks and close marks but
keeps the producers, so a producer queued before it goes on producing."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "reentry.in-writable"


class async_chat(spec.async_chat):  # noqa: N801
    def discard_buffers(self):
        kept = [entry for entry in self.producer_fifo if hasattr(entry, "more")]
        spec.async_chat.discard_buffers(self)
        self.producer_fifo.extend(kept)  # BUG: a producer is output queued like any other
