"""Mistake: writable() only asks whether output is queued, so a channel
whose connect is under way is not watched for the write event that
completes the connect."""

from ._base import Channel, find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "readiness.states"


class async_chat(Channel):  # noqa: N801
    def writable(self):
        return bool(self.producer_fifo)  # BUG: or not self.connected
