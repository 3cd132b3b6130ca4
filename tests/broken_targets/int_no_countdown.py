"""Mistake: an integer terminator does not count down across reads.

A read shorter than the count is collected but the terminator keeps its
full value, so a 5-byte message arriving as 2 + 3 bytes is never found.
"""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "terminator.int.count"


class async_chat(spec.async_chat):  # noqa: N801
    def count_collects(self):
        self.collect(self.ac_in_buffer)
        self.ac_in_buffer = b""
        # BUG: the terminator should count down by as many bytes
