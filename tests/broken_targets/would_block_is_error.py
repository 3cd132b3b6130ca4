"""Mistake: handle_read() hands every OSError from recv() to
handle_error(), BlockingIOError included, so a read event with nothing to
read (a spurious wakeup) closes the channel -- what medusa's copy does."""

from ._base import Channel, find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "errors.recv-would-block"


class async_chat(Channel):  # noqa: N801
    def handle_read(self):
        try:
            data = self.recv(self.ac_in_buffer_size)
        except OSError:  # BUG: BlockingIOError means "nothing yet", not an error
            self.handle_error()
            return
        self.ac_in_buffer = self.ac_in_buffer + data
        self.frame_buffered()
