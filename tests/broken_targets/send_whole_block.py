"""Mistake: a send attempt offers send() the whole head of the queue, not at
most ac_out_buffer_size bytes of it, so a producer's long output goes to
send() in one piece."""

from ._base import Channel, find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "sending.sizes"


class async_chat(Channel):  # noqa: N801
    def initiate_send(self):
        fifo = self.producer_fifo
        while fifo and self.can_send():
            head = fifo[0]
            if self.is_close_mark(head):
                fifo.popleft()
                self.handle_close()
                return
            if hasattr(head, "more"):
                self.refill()
                continue
            if not head:
                self.drop_empty()
                return
            try:
                sent = self.send(self.encode_block(head))  # BUG: at most ac_out_buffer_size bytes
            except OSError:
                self.handle_error()
                return
            self.account_sent(head, sent)
            return
