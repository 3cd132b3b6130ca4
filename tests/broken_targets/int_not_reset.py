"""Mistake: a completed integer terminator is not reset to 0.

get_terminator() keeps returning the count after found_terminator() instead
of 0, and the bytes after the message are framed as another record of the
same length instead of being collected with no terminator.
"""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "terminator.int.after"


class async_chat(spec.async_chat):  # noqa: N801
    def count_found(self, count):
        self.collect(self.ac_in_buffer[:count])
        self.ac_in_buffer = self.ac_in_buffer[count:]
        # BUG: the terminator should become 0 here
        self.found(0)
