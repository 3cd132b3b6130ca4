"""Mistake: whatever follows a byte-string terminator in the same read is
thrown away instead of being kept as the start of the next message."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "oversend.after-terminator"


class async_chat(spec.async_chat):  # noqa: N801
    def take_message(self, index, terminator):
        if index:
            self.collect(self.ac_in_buffer[:index])
        self.ac_in_buffer = b""  # BUG: should keep what follows the terminator
        self.found(terminator)
