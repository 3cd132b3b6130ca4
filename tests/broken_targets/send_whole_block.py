"""Mistake: a send attempt offers send() the whole head of the queue, not at
most ac_out_buffer_size bytes of it, so a producer's long output goes to
send() in one piece."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "sending.sizes"


class async_chat(spec.async_chat):  # noqa: N801
    def block_to_offer(self, head):
        return head  # BUG: at most ac_out_buffer_size bytes
