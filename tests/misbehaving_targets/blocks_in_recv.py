"""After every read, makes its socket blocking and reads again: that second
recv() blocks, since the peer has nothing more to send."""

from ._base import base_chat, find_prefix_at_end, simple_producer  # noqa: F401


class async_chat(base_chat):
    def handle_read(self):
        super().handle_read()
        self.socket.setblocking(True)  # type: ignore[union-attr]  # connected by now
        self.socket.recv(1)  # type: ignore[union-attr]  # connected by now
