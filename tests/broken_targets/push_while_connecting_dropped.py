"""Mistake: push() drops data while the channel is not connected yet,
so a client's first request, pushed right after connect(), is lost."""

from ._base import Channel, find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "loop.before-connect"


class async_chat(Channel):  # noqa: N801
    def push(self, data):
        if not self.connected:
            return  # BUG: queue it; it goes out once the connect completes
        Channel.push(self, data)
