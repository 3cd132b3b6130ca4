"""Conforms message for message, but hands collect_incoming_data() one byte
at a time: CPython's call granularity differs, its messages do not."""

from ._base import base_chat, find_prefix_at_end, simple_producer  # noqa: F401


class async_chat(base_chat):
    def handle_read(self):
        try:
            data = self.recv(self.ac_in_buffer_size)
        except BlockingIOError:
            return
        for i in range(len(data)):
            self._input.feed(data[i : i + 1], self)
