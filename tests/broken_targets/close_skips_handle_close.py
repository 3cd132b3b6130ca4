"""Mistake: close_when_done() ends in close() once the queue is sent, and
handle_close() is never called (as medusa-era copies do).  Recorded as
``closing.mark-calls-handle-close``, this is the whole of its difference."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "close-when-done.flushes-first"


class async_chat(spec.async_chat):  # noqa: N801
    def reach_close_mark(self):
        del self.producer_fifo[0]
        self.closed_when_done = True
        self.close()  # BUG: handle_close() is never called
        return False
