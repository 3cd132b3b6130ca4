"""Mistake: the terminator's bytes are collected with the message: the data
handed to collect_incoming_data() runs through the end of the terminator
instead of stopping before it."""

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
        end = at + len(terminator)
        self.ac_in_buffer = data[end:]
        self.collect_incoming_data(data[:end])  # BUG: should be data[:at], when at > 0
        self.found_terminator()
        return True
