"""Mistake: send() lets every error but EWOULDBLOCK through, so a peer
that reset or closed the connection (EPIPE, ECONNRESET, ...) makes the
send attempt call handle_error() instead of handle_close()."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "errors.send-disconnect"


class async_chat(spec.async_chat):  # noqa: N801
    def send(self, data):
        try:
            return self.socket.send(data)  # type: ignore[union-attr]  # connected by now
        except BlockingIOError:
            return 0
        # BUG: the disconnect errnos must call handle_close() and return 0
