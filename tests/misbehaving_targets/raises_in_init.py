"""Refuses to be constructed with a small output buffer."""

from ._base import base_chat, find_prefix_at_end, simple_producer  # noqa: F401


class async_chat(base_chat):
    def __init__(self, sock=None, map=None):
        if self.ac_out_buffer_size < 16:
            raise RuntimeError("ac_out_buffer_size too small")
        super().__init__(sock, map)
