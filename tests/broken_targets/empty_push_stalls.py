"""Mistake: an empty block at the head of the output queue ends the send
attempt without being taken off the queue, so after an empty push()
nothing queued behind it is ever sent."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "push.empty"


class async_chat(spec.async_chat):  # noqa: N801
    def drop_empty(self):
        pass  # BUG: should take the empty block off the queue
