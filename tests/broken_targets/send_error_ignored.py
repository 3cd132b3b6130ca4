"""Mistake: the send attempt swallows an OSError from send() instead of
handing it to handle_error(), so a failing connection stays open with its
output queued."""

from ._base import Channel, find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "errors.send-error"


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
                sent = self.send(self.encode_block(head[:self.ac_out_buffer_size]))
            except OSError:
                return  # BUG: the error must go to handle_error()
            self.account_sent(head, sent)
            return
