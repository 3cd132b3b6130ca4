"""Mistake: when a producer is exhausted (more() returns b""), the whole
output queue is dropped with it -- whatever was queued behind the producer
is never sent."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "producer.exhaustion"


class async_chat(spec.async_chat):  # noqa: N801
    def producer_exhausted(self):
        self.producer_fifo.clear()  # BUG: should drop only the producer
        return True
