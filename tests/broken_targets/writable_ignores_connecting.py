"""Mistake: writable() only asks whether output is queued, so a channel
whose connect is under way is not watched for the write event that
completes the connect."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "readiness.states"


class async_chat(spec.async_chat):  # noqa: N801
    def writable(self):
        return bool(self.producer_fifo)  # BUG: or not self.connected
