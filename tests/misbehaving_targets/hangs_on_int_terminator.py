"""Hangs in set_terminator() whenever the terminator is a positive integer:
a busy loop that nothing but the case deadline ends."""

from ._base import base_chat, find_prefix_at_end, simple_producer  # noqa: F401


class async_chat(base_chat):
    def set_terminator(self, term):
        if isinstance(term, int) and not isinstance(term, bool) and term > 0:
            while True:
                pass
        super().set_terminator(term)
