"""Mistake: push() drops data while the channel is not connected yet,
so a client's first request, pushed right after connect(), is lost."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "loop.before-connect"


class async_chat(spec.async_chat):  # noqa: N801
    def push(self, data):
        if not self.connected:
            return  # BUG: queue it; it goes out once the connect completes
        spec.async_chat.push(self, data)
