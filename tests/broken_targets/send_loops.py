"""Mistake: one send attempt keeps calling send() until the queue is empty
or the socket is full, so a push() of more than ac_out_buffer_size bytes
goes out at once instead of one block per writable event."""

from ._base import Channel, find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "sending.one-per-attempt"


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
                self.handle_error()
                return
            self.account_sent(head, sent)
            if not sent:
                return
            # BUG: one send() per attempt; the rest waits for the next writable event
