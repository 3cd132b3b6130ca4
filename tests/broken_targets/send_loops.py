"""Mistake: one send attempt keeps calling send() until the queue is empty
or the socket is full, so a push() of more than ac_out_buffer_size bytes
goes out at once instead of one block per writable event."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "sending.one-per-attempt"


class async_chat(spec.async_chat):  # noqa: N801
    def goes_on_after_send(self, sent):
        return sent > 0  # BUG: one send() per attempt; the rest waits for the next one
