"""Mistake: whatever follows a byte-string terminator in the same read is
thrown away instead of being kept as the start of the next message."""

from ._base import Channel, find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "oversend.after-terminator"


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
        self.ac_in_buffer = b""  # BUG: should keep data[at + len(terminator):]
        if at:
            self.collect_incoming_data(data[:at])
        self.found_terminator()
        return True
