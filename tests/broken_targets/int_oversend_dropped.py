"""Mistake: when more bytes are buffered than an integer terminator asks
for, the message is collected and the surplus is thrown away instead of
being kept for what comes next."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "terminator.int.count"


class async_chat(spec.async_chat):  # noqa: N801
    def count_found(self, count):
        self.collect(self.ac_in_buffer[:count])
        self.ac_in_buffer = b""  # BUG: bytes past the count must stay buffered
        self.terminator = 0
        self.found(0)
