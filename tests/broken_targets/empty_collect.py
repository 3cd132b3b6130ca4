"""Mistake: collect_incoming_data(b"") is called when a terminator starts
the buffer (back-to-back terminators, or one completed by a fresh read).
"""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "terminator.no-empty-collect"


class async_chat(spec.async_chat):  # noqa: N801
    def take_message(self, index, terminator):
        self.collect(self.ac_in_buffer[:index])  # BUG: not when index == 0
        self.ac_in_buffer = self.ac_in_buffer[index + len(terminator) :]
        self.found(terminator)
