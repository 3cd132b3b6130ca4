"""Mistake: what a producer's more() returns is cut to ac_out_buffer_size
before it is queued, so the rest of a chunk longer than that is lost."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "producer.push-with-producer"


class async_chat(spec.async_chat):  # noqa: N801
    def producer_gave(self, data):
        self.producer_fifo.appendleft(data[: self.ac_out_buffer_size])  # BUG: all of it is data
