"""Mistake: a partial send() is treated as complete: the head block is
dropped whenever send() took any of it, so the bytes it did not take are
never sent (seen only when the peer reads slowly and the socket buffer
fills)."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "push.partial-send"


class async_chat(spec.async_chat):  # noqa: N801
    def keep_unsent(self, rest):
        self.producer_fifo.popleft()  # BUG: should keep the rest at the head
