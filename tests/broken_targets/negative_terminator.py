"""Mistake: set_terminator() accepts a negative byte count instead of
raising ValueError and keeping the old terminator."""

from ._base import Channel, find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "terminator.negative"


class async_chat(Channel):  # noqa: N801
    def set_terminator(self, term):
        self.terminator = term  # BUG: no check for a negative count
