"""Mistake: handle_read() reads from self.socket.recv() directly, bypassing
the dispatcher's recv(), which is what turns a reset connection
(ECONNRESET) and an empty read into handle_close(): a reset goes to
handle_error() instead and an orderly close is never noticed."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "close.peer-resets"


class async_chat(spec.async_chat):  # noqa: N801
    def receive(self, size):
        return self.socket.recv(size)  # type: ignore[union-attr]  # connected by now; BUG: use self.recv()
