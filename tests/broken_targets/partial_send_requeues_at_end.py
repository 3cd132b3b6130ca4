"""Mistake: the unsent rest of a partial send() is queued at the end of the
output queue instead of at its head, so it reaches the peer after blocks
pushed later."""

from ._base import Channel, find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "push.partial-send"


class async_chat(Channel):  # noqa: N801
    def account_sent(self, head, sent):
        fifo = self.producer_fifo
        if sent >= len(head):
            fifo.popleft()
        elif sent:
            fifo.popleft()
            fifo.append(head[sent:])  # BUG: the rest belongs at the head (fifo[0])
