"""Mistake: a send attempt on a channel that is neither connected nor
connecting takes a close mark at the head of the queue to mean "close the
socket now": on a channel made with no socket (``async_chat()``),
``close_when_done()`` then ``initiate_send()`` raises AttributeError, where
asynchat does nothing."""

from asynchat_reference.spec import async_chat as _spec_chat
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "state.close-when-done"


class async_chat(_spec_chat):  # noqa: N801
    def initiate_send(self):
        fifo = self.producer_fifo
        if fifo and fifo[0] is None and not (self.connected or self.connecting):
            # BUG: nothing is sent, nor closed, before a connection is up
            fifo.popleft()
            self.socket.close()  # type: ignore[union-attr]  # None here: the mistake itself
            return
        _spec_chat.initiate_send(self)
