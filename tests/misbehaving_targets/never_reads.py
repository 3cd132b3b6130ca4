"""Never asks to read: readable() is always false."""

from ._base import base_chat, find_prefix_at_end, simple_producer  # noqa: F401


class async_chat(base_chat):
    def readable(self):
        return False
