"""Mistake: push() only queues the data and leaves the sending to the
loop's next writable event, so a reply is not on the wire when push()
returns -- a latency every request pays."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "sending.at-once"


class async_chat(spec.async_chat):  # noqa: N801
    def push(self, data):
        self.check_pushed(data)
        self.producer_fifo.extend(self.split_pushed(data))
        # BUG: no initiate_send() here
