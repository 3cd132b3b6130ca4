"""Spins forever (swallowing every exception) once a read contains b"QUIT"."""

from ._base import base_chat, find_prefix_at_end, simple_producer, spin_swallowing_everything  # noqa: F401


class async_chat(base_chat):
    def handle_read(self):
        if b"QUIT" in self.socket.recv(64, __import__("socket").MSG_PEEK):  # type: ignore[union-attr]  # connected by now
            spin_swallowing_everything()
        super().handle_read()
