"""Mistake: handle_write() makes a send attempt per queued entry instead
of one, so one writable event sends several blocks -- more than
ac_out_buffer_size bytes per event."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "loop.handle-write"


class async_chat(spec.async_chat):  # noqa: N801
    def handle_write(self):
        for _ in range(len(self.producer_fifo)):  # BUG: one initiate_send() per event
            self.initiate_send()
