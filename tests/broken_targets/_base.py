"""Plumbing shared by the broken targets (written for this project, not
copied from CPython).

``Channel`` is ``reference.spec.async_chat`` -- the reference by the
readable rules of ``reference.spec`` -- with every step a port might get
wrong made a method of the channel, so that a broken target overrides exactly
one step and shows its one mistake there:

* reading: ``read_size()``, ``receive()``, ``read_failed()``, ``received()``;
* framing: the steps of :class:`reference.spec.SpecInput` (``frame()``,
  ``take()``, ``take_count()``, ``count_collects()``, ``count_found()``,
  ``take_through()``, ``take_message()``, ``take_partial()``, ``locate()``,
  ``holdback()``, ``collect()``, ``found()``);
* output: the steps of :class:`reference.spec.SpecOutput` -- pushing
  (``check_pushed()``, ``split_pushed()``) and a send attempt
  (``can_send()``, ``take_head()`` and what it calls: ``is_close_mark()``,
  ``reach_close_mark()``, ``drop_empty()``, ``is_producer()``, ``refill()``,
  ``is_exhausted()``, ``producer_gave()``, ``producer_exhausted()``,
  ``send_block()``, ``block_to_offer()``, ``encode_block()``,
  ``send_failed()``, ``account_sent()``, ``keep_unsent()``,
  ``goes_on_after_send()``).  Each step of a send attempt returns whether
  the attempt goes on.

The rules are not written again here: each default hands the step back to
the specification's method, so unless a target replaces one, the
specification frames the input and sends the output.

``Channel`` itself is meant to conform: ``_control`` exposes it unchanged and
the tests require it to pass.
"""

from asynchat_reference.spec import (
    SpecInput,
    SpecOutput,
    find_prefix_at_end,
    simple_producer,
)
from asynchat_reference.spec import (
    async_chat as _spec_chat,
)

__all__ = ["Channel", "SpecInput", "SpecOutput", "find_prefix_at_end", "simple_producer"]


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
    def via_chat(spec, chat, *args):
        return getattr(chat, name)(*args)

    def via_spec(spec, *args):
        return getattr(spec.chat, name)(*args)

    step = via_chat if takes_chat else via_spec
    step.__name__ = name
    return step


for _name in (
    "frame",
    "take",
    "take_all",
    "take_count",
    "count_collects",
    "count_found",
    "take_through",
    "take_message",
    "take_partial",
    "collect",
    "found",
):
    setattr(_ChannelInput, _name, _asks_the_channel(_name, takes_chat=True))
for _name in ("locate", "holdback"):
    setattr(_ChannelInput, _name, _asks_the_channel(_name, takes_chat=False))


class _ChannelOutput(SpecOutput):
    """``SpecOutput`` whose every step is the channel's method of that name,
    as ``_ChannelInput`` is for the input."""

    def push(self, chat, data):
        self.chat = chat
        SpecOutput.push(self, chat, data)

    def initiate_send(self, chat):
        self.chat = chat
        SpecOutput.initiate_send(self, chat)


for _name in (
    "split_pushed",
    "can_send",
    "take_head",
    "reach_close_mark",
    "drop_empty",
    "refill",
    "producer_gave",
    "producer_exhausted",
    "send_block",
    "block_to_offer",
    "encode_block",
    "send_failed",
    "account_sent",
    "keep_unsent",
):
    setattr(_ChannelOutput, _name, _asks_the_channel(_name, takes_chat=True))
for _name in ("check_pushed", "is_close_mark", "is_producer", "is_exhausted", "goes_on_after_send"):
    setattr(_ChannelOutput, _name, _asks_the_channel(_name, takes_chat=False))


class Channel(_spec_chat):
    _framing = _ChannelInput
    _output_queue = _ChannelOutput

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

    # -- output: SpecOutput's steps; see reference.spec for each rule --------------
    # producer_fifo is the queue; push(), push_with_producer(), close_when_done()
    # and initiate_send() are the specification's, and call the steps below.

    def check_pushed(self, data):
        SpecOutput.check_pushed(self._output, data)

    def split_pushed(self, data):
        return SpecOutput.split_pushed(self._output, self, data)

    def can_send(self):
        return SpecOutput.can_send(self._output, self)

    def take_head(self, head):
        return SpecOutput.take_head(self._output, self, head)

    def is_close_mark(self, head):
        return SpecOutput.is_close_mark(self._output, head)

    def reach_close_mark(self):
        return SpecOutput.reach_close_mark(self._output, self)

    def drop_empty(self):
        return SpecOutput.drop_empty(self._output, self)

    def is_producer(self, head):
        return SpecOutput.is_producer(self._output, head)

    def refill(self):
        return SpecOutput.refill(self._output, self)

    def is_exhausted(self, data):
        return SpecOutput.is_exhausted(self._output, data)

    def producer_gave(self, data):
        SpecOutput.producer_gave(self._output, self, data)

    def producer_exhausted(self):
        return SpecOutput.producer_exhausted(self._output, self)

    def send_block(self, head):
        return SpecOutput.send_block(self._output, self, head)

    def block_to_offer(self, head):
        return SpecOutput.block_to_offer(self._output, self, head)

    def encode_block(self, block):
        return SpecOutput.encode_block(self._output, self, block)

    def send_failed(self, error):
        SpecOutput.send_failed(self._output, self, error)

    def account_sent(self, head, sent, whole):
        SpecOutput.account_sent(self._output, self, head, sent, whole)

    def keep_unsent(self, rest):
        SpecOutput.keep_unsent(self._output, self, rest)

    def goes_on_after_send(self, sent):
        return SpecOutput.goes_on_after_send(self._output, sent)
