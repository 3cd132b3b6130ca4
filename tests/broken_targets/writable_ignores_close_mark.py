"""Mistake: writable() reports only whether there are bytes or producers to
send and overlooks the close mark, so close_when_done() called when all
output has already gone out never closes the channel -- nothing asks the
loop for the send attempt that would reach the mark."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "close-when-done.in-found-terminator"


class async_chat(spec.async_chat):  # noqa: N801
    def writable(self):
        # BUG: a None (close mark) in the queue is work to do as well
        return any(entry is not None for entry in self.producer_fifo) or not self.connected
