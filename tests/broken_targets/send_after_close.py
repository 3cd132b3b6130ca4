"""Mistake: the send loop does not stop once the channel is closed, so data
pushed after the peer went away is offered to a closed socket, the send
fails, and handle_close() is called a second time."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "close.peer-closes-output-pending"


class async_chat(spec.async_chat):  # noqa: N801
    def can_send(self):
        return True  # BUG: should be self.connected
