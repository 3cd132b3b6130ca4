"""Spins forever in initiate_send() once the queue holds b"221 bye"."""

from ._base import base_chat, find_prefix_at_end, simple_producer  # noqa: F401


class async_chat(base_chat):
    def initiate_send(self):
        while any(entry == b"221 bye\r\n" for entry in self.producer_fifo):
            pass
        super().initiate_send()
