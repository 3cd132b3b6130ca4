"""Mistake: a completed integer terminator is reset to 0 only after
found_terminator() returns, so found_terminator() still sees the old count
and a terminator it sets (the next record's length, or b"\r\n" after a
body) is overwritten with 0."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "terminator.int.count"


class async_chat(spec.async_chat):  # noqa: N801
    def count_found(self, count):
        self.collect(self.ac_in_buffer[:count])
        self.ac_in_buffer = self.ac_in_buffer[count:]
        self.found(0)
        self.terminator = 0  # BUG: must happen before found_terminator()
