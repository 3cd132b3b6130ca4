"""Mistake: a byte-string terminator split across two reads is never found.

When the buffer holds no whole terminator, everything is collected --
including a tail such as ``b"\\r"`` that the next read would complete into
``b"\\r\\n"``; that tail is lost to the framing and the message runs on.
"""

from ._base import Channel, find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "terminator.bytes.split"


class async_chat(Channel):  # noqa: N801
    def take_through(self, terminator):
        data = self.ac_in_buffer
        at = data.find(terminator)
        if at == -1:
            self.ac_in_buffer = b""  # BUG: no holdback of a partial terminator
            self.collect_incoming_data(data)
            return False
        self.ac_in_buffer = data[at + len(terminator):]
        if at:
            self.collect_incoming_data(data[:at])
        self.found_terminator()
        return True
