"""Mistake: handle_read() treats an empty recv() as end of stream and calls
handle_close() itself -- but the dispatcher's recv() already did, so when
the peer closes handle_close() runs twice."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "close.peer-closes"


class async_chat(spec.async_chat):  # noqa: N801
    def received(self, data):
        if not data:
            self.handle_close()  # BUG: recv() has already handled the close
            return
        spec.async_chat.received(self, data)
