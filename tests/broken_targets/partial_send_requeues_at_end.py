"""Mistake: the unsent rest of a partial send() is queued at the end of the
output queue instead of at its head, so it reaches the peer after blocks
pushed later."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "push.partial-send"


class async_chat(spec.async_chat):  # noqa: N801
    def keep_unsent(self, rest):
        self.producer_fifo.popleft()
        self.producer_fifo.append(rest)  # BUG: the rest belongs at the head (fifo[0])
