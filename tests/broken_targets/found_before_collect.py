"""Mistake: found_terminator() is called before the bytes that precede the
terminator are handed to collect_incoming_data(), so a handler that joins
its collected data in found_terminator() sees the previous message's tail
instead of its own."""

from ._base import Channel, find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "terminator.bytes.many-per-read"


class async_chat(Channel):  # noqa: N801
    def take_through(self, terminator):
        data = self.ac_in_buffer
        at = data.find(terminator)
        if at == -1:
            keep = self.holdback(data, terminator)
            if keep < len(data):
                self.ac_in_buffer = data[len(data) - keep:]
                self.collect_incoming_data(data[:len(data) - keep])
            return False
        self.ac_in_buffer = data[at + len(terminator):]
        self.found_terminator()  # BUG: the data before the terminator must come first
        if at:
            self.collect_incoming_data(data[:at])
        return True
