"""Mistake: set_terminator() accepts a negative byte count instead of
raising ValueError and keeping the old terminator."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "terminator.negative"


class async_chat(spec.async_chat):  # noqa: N801
    def set_terminator(self, term):
        self.terminator = term  # BUG: no check for a negative count
