"""Mistake: a memoryview pushed while nothing is queued is joined onto an
empty bytes buffer, which raises TypeError after the view was taken: its
bytes are lost.  Behind other output it goes through."""

from asynchat_reference.spec import async_chat as _spec_chat
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "state.push-memoryview-first"


class async_chat(_spec_chat):  # noqa: N801
    def push(self, data):
        if isinstance(data, memoryview) and not self.producer_fifo:
            # BUG: a first memoryview is fine in asynchat
            raise TypeError("can't concat memoryview to bytes")
        _spec_chat.push(self, data)
