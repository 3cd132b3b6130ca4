"""Kills its own process (os._exit) when asked to push b"after"."""

import os

from ._base import base_chat, find_prefix_at_end, simple_producer  # noqa: F401


class async_chat(base_chat):
    def push(self, data):
        if data == b"after":
            os._exit(13)
        super().push(data)
