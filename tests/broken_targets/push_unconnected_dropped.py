"""Mistake: push() on a channel that is neither connected nor connecting --
made with no socket, to be connected later -- checks its data, then forgets
it instead of leaving it queued, so the connect that follows sends nothing
of it."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "state.push-bytes-first"


class async_chat(spec.async_chat):  # noqa: N801
    def push(self, data):
        queued = len(self.producer_fifo)
        spec.async_chat.push(self, data)
        if not (self.connected or getattr(self, "connecting", False)):
            while len(self.producer_fifo) > queued:
                self.producer_fifo.pop()  # BUG: it must wait in the queue for the connect
