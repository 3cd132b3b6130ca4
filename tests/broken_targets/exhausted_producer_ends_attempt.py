"""Mistake: a send attempt that finds a producer exhausted drops it and
stops there, so what is queued behind it waits for another writable event
instead of going out in the same attempt."""

from ._base import Channel, find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "sending.exhausted-producer-continues"


class async_chat(Channel):  # noqa: N801
    def producer_exhausted(self):
        self.producer_fifo.popleft()
        return False  # BUG: the attempt goes on with what is queued behind it
