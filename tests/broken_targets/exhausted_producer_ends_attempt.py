"""Mistake: a send attempt that finds a producer exhausted drops it and
stops there, so what is queued behind it waits for another writable event
instead of going out in the same attempt."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "sending.exhausted-producer-continues"


class async_chat(spec.async_chat):  # noqa: N801
    def producer_exhausted(self):
        self.producer_fifo.popleft()
        return False  # BUG: the attempt goes on with what is queued behind it
