"""Mistake: close_when_done() closes the channel at once instead of after
the output queued before it has been sent."""

from ._base import Channel, find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "close-when-done.flushes-first"


class async_chat(Channel):  # noqa: N801
    def close_when_done(self):
        self.handle_close()  # BUG: should queue a close mark behind the output
