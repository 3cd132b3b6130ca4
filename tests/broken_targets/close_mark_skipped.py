"""Mistake: the send loop drops the close mark of close_when_done() like an
empty block instead of closing, so the channel is never closed and data
pushed after close_when_done() is still sent."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "close-when-done.nothing-after"


class async_chat(spec.async_chat):  # noqa: N801
    def is_close_mark(self, head):
        return False  # BUG: None at the head is the close mark
