"""Mistake: handle_close() does not close the channel, so when the peer
hangs up the channel stays in the loop and is told of the close again and
again."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "close.peer-closes"


class async_chat(spec.async_chat):  # noqa: N801
    def handle_close(self):
        pass  # BUG: should call self.close()
