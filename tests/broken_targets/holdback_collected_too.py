"""Mistake: a possible start of the terminator at the end of a read is kept
in the buffer for the next read -- and collected as data as well, so those
bytes reach collect_incoming_data() twice when the next read shows they
were not a terminator (and once too many when they were)."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "terminator.bytes.split"


class async_chat(spec.async_chat):  # noqa: N801
    def take_partial(self, terminator):
        data = self.ac_in_buffer
        keep = self.holdback(data, terminator)
        if keep < len(data):
            self.collect(data)  # BUG: should be data[:len(data) - keep]
            self.ac_in_buffer = data[len(data) - keep :]
        return not keep
