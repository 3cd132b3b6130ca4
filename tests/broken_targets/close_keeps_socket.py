"""Mistake: handle_close() does not close the channel, so when the peer
hangs up the channel stays in the loop and is told of the close again and
again."""

from ._base import Channel, find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "close.peer-closes"


class async_chat(Channel):  # noqa: N801
    def handle_close(self):
        pass  # BUG: should call self.close()
