"""Mistake: "no terminator" is checked once per read, before the framing
loop; a terminator set to None (or 0) inside found_terminator() ends the
loop instead, so the rest of that read stays buffered until the next read
rather than being collected at once."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "oversend.switch-to-none"


class async_chat(spec.async_chat):  # noqa: N801
    def frame(self):
        terminator = self.get_terminator()
        if not terminator:
            self.take_all()
        while terminator and self.ac_in_buffer and self.take(terminator):
            terminator = self.get_terminator()  # BUG: None now ends the loop; should take_all()
