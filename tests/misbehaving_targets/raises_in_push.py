"""push() raises for one particular payload."""

from ._base import base_chat, find_prefix_at_end, simple_producer  # noqa: F401


class async_chat(base_chat):
    def push(self, data):
        if data == b"after":
            raise OSError("push refused")
        super().push(data)
