"""Plumbing shared by the broken targets (written for this project, not
copied from CPython).

``Channel`` is ``reference.spec.async_chat`` -- the reference framing by the
readable rules of ``reference.spec`` -- with every step a port might get wrong
made a method of the channel, so that a broken target overrides exactly one
step and shows its one mistake there:

* reading: ``read_size()``, ``receive()``, ``read_failed()``, ``received()``;
* framing: the steps of :class:`reference.spec.SpecInput` (``frame()``,
  ``take()``, ``take_count()``, ``count_collects()``, ``count_found()``,
  ``take_through()``, ``take_message()``, ``take_partial()``, ``locate()``,
  ``holdback()``, ``collect()``, ``found()``), which do what the
  specification says unless a target replaces one.  The rules are not written
  again here: each default hands the step back to ``SpecInput``;
* pushing: ``check_pushed()``, ``split_pushed()``;
* a send attempt: ``take_head()`` and what it calls (``is_close_mark()``,
  ``refill()``, ``drop_empty()``, ``send_block()``, ...).  Each step returns
  whether the attempt goes on.

``Channel`` itself is meant to conform: ``_control`` exposes it unchanged and
the tests require it to pass.
"""

from asynchat_reference.spec import SpecInput, async_chat as _spec_chat, find_prefix_at_end, simple_producer

__all__ = ["Channel", "SpecInput", "find_prefix_at_end", "simple_producer"]


class _ChannelInput(SpecInput):
    """``SpecInput`` whose every step is the channel's method of that name.

    When a rule calls a step (``self.holdback(...)``), the channel's method
    runs; ``Channel``'s methods hand the step straight back to ``SpecInput``,
    so unless a target overrides one, the specification frames the input.
    """

    def feed(self, data, chat, plain_terminator=False):
        self.chat = chat
        SpecInput.feed(self, data, chat)


def _asks_the_channel(name, takes_chat):
    if takes_chat:
        def step(framer, chat, *args):
            return getattr(chat, name)(*args)
    else:
        def step(framer, *args):
            return getattr(framer.chat, name)(*args)
    step.__name__ = name
    return step


for _name in ("frame", "take", "take_all", "take_count", "count_collects", "count_found",
              "take_through", "take_message", "take_partial", "collect", "found"):
    setattr(_ChannelInput, _name, _asks_the_channel(_name, takes_chat=True))
for _name in ("locate", "holdback"):
    setattr(_ChannelInput, _name, _asks_the_channel(_name, takes_chat=False))


class Channel(_spec_chat):
    _framing = _ChannelInput

    # -- reading: recv(), then the framing -------------------------------------

    def handle_read(self):
        try:
            data = self.receive(self.read_size())
        except OSError as error:
            self.read_failed(error)
            return
        self.received(data)

    def read_size(self):
        """How much one read asks recv() for."""
        return self.ac_in_buffer_size

    def receive(self, size):
        """The read itself: the dispatcher's recv(), which turns an empty
        read and a reset connection into handle_close()."""
        return self.recv(size)

    def read_failed(self, error):
        """recv() raised: "nothing yet" is no error; anything else is."""
        if not isinstance(error, BlockingIOError):
            self.handle_error()

    def received(self, data):
        """Frame the bytes read, by the specification's steps below."""
        self._input.feed(data, self)

    # -- framing: SpecInput's steps; see reference.spec for each rule -----------
    # ac_in_buffer is the unprocessed input; the terminator is self.terminator.

    def frame(self):
        SpecInput.frame(self._input, self)

    def take(self, terminator):
        return SpecInput.take(self._input, self, terminator)

    def take_all(self):
        SpecInput.take_all(self._input, self)

    def take_count(self, count):
        SpecInput.take_count(self._input, self, count)

    def count_collects(self):
        SpecInput.count_collects(self._input, self)

    def count_found(self, count):
        SpecInput.count_found(self._input, self, count)

    def take_through(self, terminator):
        return SpecInput.take_through(self._input, self, terminator)

    def take_message(self, index, terminator):
        SpecInput.take_message(self._input, self, index, terminator)

    def take_partial(self, terminator):
        return SpecInput.take_partial(self._input, self, terminator)

    def locate(self, data, terminator):
        return SpecInput.locate(self._input, data, terminator)

    def holdback(self, data, terminator):
        return SpecInput.holdback(self._input, data, terminator)

    def collect(self, data):
        SpecInput.collect(self._input, self, data)

    def found(self, terminator):
        SpecInput.found(self._input, self, terminator)

    # -- pushing -------------------------------------------------------------------

    def push(self, data):
        self.check_pushed(data)
        self.producer_fifo.extend(self.split_pushed(data))
        self.initiate_send()

    def check_pushed(self, data):
        """push() takes bytes, bytearray and memoryview, and nothing else."""
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError("data argument must be bytes-like, not %s" % type(data).__name__)

    def split_pushed(self, data):
        """The queue entries for ``data``: blocks of at most
        ac_out_buffer_size bytes (an empty push is one empty block)."""
        size = self.ac_out_buffer_size
        if len(data) <= size:
            return [data]
        return [data[start:start + size] for start in range(0, len(data), size)]

    # -- a send attempt: one step at a time on the head of producer_fifo ------------

    def initiate_send(self):
        fifo = self.producer_fifo
        while fifo and self.can_send():
            if not self.take_head(fifo[0]):
                return

    def can_send(self):
        """Whether a send attempt may go on: not once the channel is closed."""
        return self.connected

    def take_head(self, head):
        """One step on the head entry; returns whether the attempt goes on."""
        if self.is_close_mark(head):
            return self.reach_close_mark()
        if hasattr(head, "more"):
            return self.refill()
        if not head:
            return self.drop_empty()
        return self.send_block(head)

    def is_close_mark(self, head):
        """Whether the head of the queue is the close_when_done() mark."""
        return head is None

    def reach_close_mark(self):
        """Everything before the mark has gone: close."""
        self.producer_fifo.popleft()
        self.handle_close()
        return False

    def drop_empty(self):
        """An empty block is taken off; the attempt sends nothing."""
        self.producer_fifo.popleft()
        return False

    def refill(self):
        """A producer at the head: ask it for more()."""
        data = self.producer_fifo[0].more()
        if self.is_exhausted(data):
            return self.producer_exhausted()
        self.producer_gave(data)
        return True

    def is_exhausted(self, data):
        """A producer is done when more() returns something empty (b"")."""
        return not data

    def producer_gave(self, data):
        """What more() returned goes in front of the producer, whole."""
        self.producer_fifo.appendleft(data)

    def producer_exhausted(self):
        """An exhausted producer is dropped, and the attempt goes on with
        what is queued behind it."""
        self.producer_fifo.popleft()
        return True

    def send_block(self, head):
        """Offer send() one block of the head entry; the attempt ends after
        one send() unless goes_on_after_send() says otherwise."""
        try:
            sent = self.send(self.encode_block(self.block_to_offer(head)))
        except OSError as error:
            self.send_failed(error)
            return False
        self.account_sent(head, sent)
        return self.goes_on_after_send(sent)

    def block_to_offer(self, head):
        """At most ac_out_buffer_size bytes of the head entry."""
        return head[:self.ac_out_buffer_size]

    def encode_block(self, block):
        """A str reaching the socket is encoded when use_encoding is set."""
        if isinstance(block, str) and self.use_encoding:
            return block.encode(self.encoding)
        return block

    def send_failed(self, error):
        """send() raised: the error goes to handle_error()."""
        self.handle_error()

    def account_sent(self, head, sent):
        """send() took ``sent`` bytes of the head entry: drop it if it is all
        gone, otherwise keep its unsent rest."""
        if sent >= len(head):
            self.producer_fifo.popleft()
        elif sent:
            self.keep_unsent(head[sent:])

    def keep_unsent(self, rest):
        """What send() did not take stays at the head of the queue."""
        self.producer_fifo[0] = rest

    def goes_on_after_send(self, sent):
        """One send() per attempt: the rest waits for the next one."""
        return False
