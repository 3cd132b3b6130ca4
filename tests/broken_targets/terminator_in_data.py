"""Mistake: the terminator's bytes are collected with the message: the data
handed to collect_incoming_data() runs through the end of the terminator
instead of stopping before it."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "terminator.bytes.many-per-read"


class async_chat(spec.async_chat):  # noqa: N801
    def take_message(self, index, terminator):
        end = index + len(terminator)
        self.collect(self.ac_in_buffer[:end])  # BUG: should be [:index], when index > 0
        self.ac_in_buffer = self.ac_in_buffer[end:]
        self.found(terminator)
