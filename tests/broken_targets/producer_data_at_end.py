"""Mistake: what a producer's more() returns is appended to the end of the
output queue instead of being put in front of the producer, so it is sent
after everything queued behind the producer."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "producer.exhaustion"


class async_chat(spec.async_chat):  # noqa: N801
    def producer_gave(self, data):
        self.producer_fifo.append(data)  # BUG: should be appendleft(data)
