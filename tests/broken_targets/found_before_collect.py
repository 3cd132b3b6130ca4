"""Mistake: found_terminator() is called before the bytes that precede the
terminator are handed to collect_incoming_data(), so a handler that joins
its collected data in found_terminator() sees the previous message's tail
instead of its own."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "terminator.bytes.many-per-read"


class async_chat(spec.async_chat):  # noqa: N801
    def take_message(self, index, terminator):
        message = self.ac_in_buffer[:index]
        self.ac_in_buffer = self.ac_in_buffer[index + len(terminator) :]
        self.found(terminator)  # BUG: the data before the terminator must come first
        if index:
            self.collect(message)
