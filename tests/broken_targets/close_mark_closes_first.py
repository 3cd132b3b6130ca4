"""Mistake: when the close mark reaches the head of the queue, the channel
closes its socket first and calls handle_close() after, as a notice -- so a
goodbye that handle_close() pushes (a "221 bye") is never sent."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "reentry.in-handle-close.close-when-done"


class async_chat(spec.async_chat):  # noqa: N801
    def initiate_send(self):
        fifo = self.producer_fifo
        if fifo and fifo[0] is None and self.connected:
            fifo.popleft()
            self.close()  # BUG: handle_close() must run while the channel can still send
            self.handle_close()
            return
        spec.async_chat.initiate_send(self)
