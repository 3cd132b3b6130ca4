"""Mistake: handle_close() only marks the channel as closing and leaves
the socket open and in the loop's map, so the peer never sees the
connection end."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "loop.handle-close"


class async_chat(spec.async_chat):  # noqa: N801
    def handle_close(self):
        self.closing = True  # BUG: must close() the channel
