"""Mistake: set_terminator() rejects a byte count of 0 (``term <= 0``
where ``term < 0`` was meant), though 0 is a valid terminator -- and
the one an integer terminator leaves behind when it completes."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "terminator.set-get"


class async_chat(spec.async_chat):  # noqa: N801
    def set_terminator(self, term):
        if isinstance(term, int) and term <= 0:  # BUG: 0 is allowed
            raise ValueError("the terminator byte count must be positive")
        if isinstance(term, str) and self.use_encoding:
            term = term.encode(self.encoding)
        self.terminator = term
