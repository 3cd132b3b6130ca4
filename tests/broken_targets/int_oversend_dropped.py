"""Mistake: when more bytes are buffered than an integer terminator asks
for, the message is collected and the surplus is thrown away instead of
being kept for what comes next."""

from ._base import Channel, find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "terminator.int.count"


class async_chat(Channel):  # noqa: N801
    def take_count(self, count):
        data = self.ac_in_buffer
        self.ac_in_buffer = b""  # BUG: bytes past the count must stay buffered
        if len(data) < count:
            self.collect_incoming_data(data)
            self.terminator = count - len(data)
        else:
            self.collect_incoming_data(data[:count])
            self.terminator = 0
            self.found_terminator()
