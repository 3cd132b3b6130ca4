"""Mistake: an integer terminator is off by one when exactly that many bytes
are buffered: they are collected as a partial message, the count drops to 0
and found_terminator() is never called.
"""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "terminator.int.count"


class async_chat(spec.async_chat):  # noqa: N801
    def take_count(self, count):
        if len(self.ac_in_buffer) <= count:  # BUG: should be <
            self.count_collects()
        else:
            self.count_found(count)
