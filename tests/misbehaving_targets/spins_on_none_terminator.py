"""Spins in handle_read() once the terminator is None, swallowing every
exception (a bare ``except:``), so only a repeated deadline ends it."""

from ._base import base_chat, find_prefix_at_end, simple_producer, spin_swallowing_everything  # noqa: F401


class async_chat(base_chat):
    def handle_read(self):
        if self.get_terminator() is None:
            spin_swallowing_everything()
        super().handle_read()
