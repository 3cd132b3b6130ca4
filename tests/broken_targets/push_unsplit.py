"""Mistake: push() queues the data as one block however long it is (the
send attempt slices it anyway), so producer_fifo does not hold the
ac_out_buffer_size blocks a subclass finds in CPython's."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "queue.producer-fifo"


class async_chat(spec.async_chat):  # noqa: N801
    def split_pushed(self, data):
        return [data]  # BUG: split into ac_out_buffer_size blocks
