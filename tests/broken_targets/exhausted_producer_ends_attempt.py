"""Mistake: a send attempt that finds a producer exhausted drops it and
stops there, so what is queued behind it waits for another writable event
instead of going out in the same attempt."""

from ._base import Channel, find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "sending.exhausted-producer-continues"


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
                if len(fifo) > 1 and fifo[1] is head:
                    continue  # more() gave data, now in front of the producer
                return  # BUG: an exhausted producer must not end the attempt
            if not head:
                self.drop_empty()
                return
            try:
                sent = self.send(self.encode_block(head[:self.ac_out_buffer_size]))
            except OSError:
                self.handle_error()
                return
            self.account_sent(head, sent)
            return
