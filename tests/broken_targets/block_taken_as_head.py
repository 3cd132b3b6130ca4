"""Mistake: a send() that took the whole ac_out_buffer_size slice offered to
it is taken to have sent the whole head entry, so the rest of an entry
longer than ac_out_buffer_size (a producer's big chunk) is dropped."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "producer.push-with-producer"


class async_chat(spec.async_chat):  # noqa: N801
    def account_sent(self, head, sent, whole):
        if sent >= len(
            self.block_to_offer(head)
        ):  # BUG: only a head that fit in one block (whole) goes
            self.producer_fifo.popleft()
        elif sent:
            self.keep_unsent(head[sent:])
