"""Mistake: handle_read() asks recv() for a fixed 65536 bytes instead of
ac_in_buffer_size, so a channel that lowers ac_in_buffer_size still reads
everything at once and its collect_incoming_data() calls are not the ones
asynchat makes."""

from ._base import Channel, find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "terminator.small-in-buffer"


class async_chat(Channel):  # noqa: N801
    def handle_read(self):
        try:
            data = self.recv(65536)  # BUG: should be self.ac_in_buffer_size
        except BlockingIOError:
            return
        except OSError:
            self.handle_error()
            return
        self.ac_in_buffer = self.ac_in_buffer + data
        self.frame_buffered()
