"""Mistake: set_terminator() stores a str terminator as it is even with
use_encoding set, instead of encoding it, so searching the received bytes
for it fails."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "terminator.str-with-encoding"


class async_chat(spec.async_chat):  # noqa: N801
    def set_terminator(self, term):
        if isinstance(term, int) and term < 0:
            raise ValueError("the terminator byte count must not be negative")
        self.terminator = term  # BUG: a str should be encoded when use_encoding is set
