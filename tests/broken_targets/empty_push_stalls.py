"""Mistake: an empty block at the head of the output queue ends the send
attempt without being taken off the queue, so after an empty push()
nothing queued behind it is ever sent."""

from ._base import Channel, find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "push.empty"


class async_chat(Channel):  # noqa: N801
    def drop_empty(self):
        pass  # BUG: should take the empty block off the queue
