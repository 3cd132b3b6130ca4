"""Mistake: a producer is dropped after its first more(): the data replaces
the producer at the head of the queue instead of going in front of it."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "producer.push-with-producer"


class async_chat(spec.async_chat):  # noqa: N801
    def producer_gave(self, data):
        self.producer_fifo[0] = data  # BUG: should be appendleft, keeping the producer
