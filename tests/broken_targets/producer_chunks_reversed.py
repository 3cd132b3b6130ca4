"""Mistake: what a producer's more() returns is inserted just behind the
producer instead of in front of it, so the producer stays at the head and
is drained at once, and its chunks go out in reverse order."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "producer.push-with-producer"


class async_chat(spec.async_chat):  # noqa: N801
    def producer_gave(self, data):
        self.producer_fifo.insert(1, data)  # BUG: should be appendleft(data)
