"""Mistake: an empty block at the head of the output queue is taken off the
wrong end, so the last entry queued behind it is lost (e.g. ``push(b'')``
while a connect is under way, then data)."""

from asynchat_reference.spec import async_chat as _spec_chat
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "state.push-empty-first"


class async_chat(_spec_chat):  # noqa: N801
    def initiate_send(self):
        fifo = self.producer_fifo
        if self.connected and len(fifo) > 1 and fifo[0] is not None and not fifo[0]:
            del fifo[-1]  # BUG: the empty block at the head is the one to drop
        _spec_chat.initiate_send(self)
