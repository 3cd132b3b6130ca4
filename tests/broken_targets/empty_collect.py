"""Mistake: collect_incoming_data(b"") is called when a terminator starts
the buffer (back-to-back terminators, or one completed by a fresh read).
"""

from ._base import Channel, find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "terminator.no-empty-collect"


class async_chat(Channel):  # noqa: N801
    def take_through(self, terminator):
        data = self.ac_in_buffer
        at = data.find(terminator)
        if at == -1:
            keep = find_prefix_at_end(data, terminator)
            if keep < len(data):
                self.ac_in_buffer = data[len(data) - keep:]
                self.collect_incoming_data(data[:len(data) - keep])
            return False
        self.ac_in_buffer = data[at + len(terminator):]
        self.collect_incoming_data(data[:at])  # BUG: also when at == 0
        self.found_terminator()
        return True
