"""Mistake: an integer terminator does not count down across reads.

A read shorter than the count is collected but the terminator keeps its
full value, so a 5-byte message arriving as 2 + 3 bytes is never found.
"""

from ._base import Channel, find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "terminator.int.count"


class async_chat(Channel):  # noqa: N801
    def take_count(self, count):
        data = self.ac_in_buffer
        if len(data) < count:
            self.ac_in_buffer = b""
            self.collect_incoming_data(data)
            # BUG: the terminator should become count - len(data) here
        else:
            self.ac_in_buffer = data[count:]
            self.collect_incoming_data(data[:count])
            self.terminator = 0
            self.found_terminator()
