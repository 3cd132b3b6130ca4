"""Mistake: a send attempt offers send() the whole head of the queue, not at
most ac_out_buffer_size bytes of it, so a producer's long output goes to
send() in one piece."""

from ._base import Channel, find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "sending.sizes"


class async_chat(Channel):  # noqa: N801
    def block_to_offer(self, head):
        return head  # BUG: at most ac_out_buffer_size bytes
