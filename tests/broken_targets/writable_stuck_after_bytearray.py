"""Mistake: a bytearray pushed marks the channel as having output for good,
so writable() stays true after its bytes have gone out and the loop keeps
asking for write events."""

from asynchat_reference.spec import async_chat as _spec_chat
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "state.push-bytearray-first"


class async_chat(_spec_chat):  # noqa: N801
    def push(self, data):
        _spec_chat.push(self, data)
        if isinstance(data, bytearray):
            # BUG: writable() is true only while output (or a close) is queued
            # or the channel is not connected
            self.writable = lambda: True  # type: ignore[method-assign]  # the mistake itself
