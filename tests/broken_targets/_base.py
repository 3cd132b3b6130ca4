"""Plumbing shared by the broken targets (written for this project, not
copied from CPython).

``Channel`` is the reference ``async_chat`` with its input loop and its send
loop written out here as small, separately overridable steps, so a broken
target replaces exactly one step.  Only public attributes are used
(``ac_in_buffer``, ``terminator``, ``producer_fifo``), so the steps work on
any asynchat-compatible base.  ``Channel`` itself is meant to conform:
``_control`` exposes it unchanged and the tests require it to pass.
"""

import asynchat_reference as reference
from asynchat_reference import find_prefix_at_end, simple_producer

__all__ = ["Channel", "find_prefix_at_end", "simple_producer"]


class Channel(reference.async_chat):
    # -- input: recv(), then turn the buffer into callbacks ---------------

    def handle_read(self):
        try:
            data = self.recv(self.ac_in_buffer_size)
        except BlockingIOError:
            return
        except OSError:
            self.handle_error()
            return
        self.ac_in_buffer = self.ac_in_buffer + data
        self.frame_buffered()

    def frame_buffered(self):
        """Hand out the buffered bytes; the terminator is looked up again
        before every step because found_terminator() may change it."""
        while self.ac_in_buffer:
            terminator = self.get_terminator()
            if not terminator:
                self.take_all()
            elif isinstance(terminator, int):
                self.take_count(terminator)
            elif not self.take_through(terminator):
                break

    def take_all(self):
        """No terminator: everything buffered is collected."""
        data = self.ac_in_buffer
        self.ac_in_buffer = b""
        self.collect_incoming_data(data)

    def take_count(self, count):
        """Integer terminator: collect up to ``count`` bytes; the terminator
        counts down, and is 0 when found_terminator() runs."""
        data = self.ac_in_buffer
        if len(data) < count:
            self.ac_in_buffer = b""
            self.collect_incoming_data(data)
            self.terminator = count - len(data)
        else:
            self.ac_in_buffer = data[count:]
            self.collect_incoming_data(data[:count])
            self.terminator = 0
            self.found_terminator()

    def take_through(self, terminator):
        """Byte-string terminator.  Returns whether one was found; if not,
        everything but a possible start of the terminator is collected."""
        data = self.ac_in_buffer
        at = self.locate(data, terminator)
        if at == -1:
            keep = self.holdback(data, terminator)
            if keep < len(data):
                self.ac_in_buffer = data[len(data) - keep:]
                self.collect_incoming_data(data[:len(data) - keep])
            return False
        self.ac_in_buffer = data[at + len(terminator):]
        if at:
            self.collect_incoming_data(data[:at])
        self.found_terminator()
        return True

    def locate(self, data, terminator):
        """Where the first whole terminator in ``data`` starts, or -1."""
        return data.find(terminator)

    def holdback(self, data, terminator):
        """How many bytes at the end of ``data`` (which holds no whole
        terminator) might be the start of one, and must wait for more."""
        return find_prefix_at_end(data, terminator)

    # -- output: one send attempt from the head of producer_fifo ----------

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
            return

    def encode_block(self, block):
        """A str reaching the socket is encoded when use_encoding is set."""
        if isinstance(block, str) and self.use_encoding:
            return block.encode(self.encoding)
        return block

    def can_send(self):
        """Whether a send attempt may go on: not once the channel is closed."""
        return self.connected

    def is_close_mark(self, head):
        """Whether the head of the queue is the close_when_done() mark."""
        return head is None

    def drop_empty(self):
        """An empty block at the head is taken off; the attempt sends nothing."""
        self.producer_fifo.popleft()

    def account_sent(self, head, sent):
        """send() took ``sent`` bytes of the head block: drop the block if
        it is all gone, otherwise keep its unsent rest at the head."""
        fifo = self.producer_fifo
        if sent >= len(head):
            fifo.popleft()
        elif sent:
            fifo[0] = head[sent:]

    def refill(self):
        """The head of the queue is a producer: put what its more() returns
        in front of it, or drop it once it returns nothing."""
        fifo = self.producer_fifo
        data = fifo[0].more()
        if data:
            fifo.appendleft(data)
        else:
            fifo.popleft()
