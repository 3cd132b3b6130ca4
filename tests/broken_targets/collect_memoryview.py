"""Mistake: to save copies, the terminator search hands
collect_incoming_data() memoryview slices of the buffer instead of bytes,
so a subclass calling data.upper() or data.decode() breaks."""

from ._base import Channel, find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "collect.bytes"


class async_chat(Channel):  # noqa: N801
    def take_through(self, terminator):
        data = self.ac_in_buffer
        view = memoryview(data)  # BUG: collect_incoming_data() must get bytes
        at = self.locate(data, terminator)
        if at == -1:
            keep = self.holdback(data, terminator)
            if keep < len(data):
                self.ac_in_buffer = data[len(data) - keep:]
                self.collect_incoming_data(view[:len(data) - keep])
            return False
        self.ac_in_buffer = data[at + len(terminator):]
        if at:
            self.collect_incoming_data(view[:at])
        self.found_terminator()
        return True
