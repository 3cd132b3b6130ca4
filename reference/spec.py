"""The rules of async_chat, written to be read: the specification.

:class:`SpecInput` turns received bytes into ``collect_incoming_data()`` and
``found_terminator()`` calls the plain way -- the whole unprocessed input kept
as one ``bytes`` and re-sliced after every step, the terminator read through
``get_terminator()`` before every step -- and names each rule (``rules``) as
it applies it.  :class:`SpecOutput` does the same for output: what ``push()``,
``push_with_producer()`` and ``close_when_done()`` queue in ``producer_fifo``,
and what one send attempt does with the head of it, one rule a method.

``asynchat_reference.framing.InputBuffer`` and
``asynchat_reference.output.OutputQueue`` (with ``chat.async_chat``'s inlined
send) are the fast paths of the same rules; tests/ checks each against its
statement here, and the conformance suite's model runs this module's
:class:`async_chat`, so a scenario's expected trace says which rules it
exercised.

What a callback sees and can change, step by step:

* during ``collect_incoming_data()``, ``ac_in_buffer`` still holds the bytes
  being collected; during ``found_terminator()``, what follows the terminator;
* a callback may replace ``ac_in_buffer``; the step under way then finishes on
  the replacement (it drops as many bytes from it as it meant to drop, or
  keeps as long a tail), and the next step frames the replacement;
* ``more()``, ``send()`` and the ``handle_error()`` of a failed send find the
  entry they were called for still at the head of ``producer_fifo``; the
  ``handle_close()`` of the close mark finds the mark already taken off.
"""

from collections import deque
from typing import Any, Deque, List, Optional

from . import rules
from .chat import async_chat as _fast_chat
from .framing import find_prefix_at_end
from .producers import simple_producer
from .rules import fired


class SpecInput:
    """``ac_in_buffer`` and the input rules, one step at a time.

    Each rule is a method of its own (``take_all``, ``count_collects``,
    ``take_message``, ``holdback``, ...), called in the order the rules
    apply, so the steps can be read -- and replaced one at a time -- on
    their own.
    """

    __slots__ = ("_data", "_replaced", "_found_with")

    def __init__(self) -> None:
        self._data = b""
        #: Counts replacements, so a step can tell that a callback made one.
        self._replaced = 0
        #: The terminator found() was just called with, for frame() to note.
        self._found_with: Any = _NOTHING

    @property
    def pending(self) -> bytes:
        return self._data

    def replace(self, data: bytes) -> None:
        self._data = bytes(data) if data else b""
        self._replaced += 1

    def feed(self, data: bytes, chat: Any, plain_terminator: Any = False) -> None:
        """Append ``data`` and apply the rules.  (``plain_terminator`` is the
        fast path's hint; the specification always asks ``get_terminator()``.)"""
        self._data = self._data + bytes(data)
        self.frame(chat)

    # -- the loop ----------------------------------------------------------------

    def frame(self, chat: Any) -> None:
        """Apply the rules until the buffer is used up or must wait for more.
        The terminator is asked for again before every step: a callback may
        have changed it."""
        found_with: Any = _NOTHING  # the terminator found_terminator() was called with
        while self._data:
            term = chat.get_terminator()
            if found_with is not _NOTHING and not _same(term, found_with):
                fired(rules.SWITCH_APPLIES)
            go_on = self.take(chat, term)
            # found() leaves the terminator here; taken at once, so that a
            # callback feeding more input cannot mix up two loops' notes.
            found_with, self._found_with = self._found_with, _NOTHING
            if not go_on:
                return

    def take(self, chat: Any, term: Any) -> bool:
        """One step, by the kind of terminator.  Returns False when what is
        left must wait for more input."""
        if not term:
            self.take_all(chat)
        elif isinstance(term, int):
            self.take_count(chat, term)
        else:
            return self.take_through(chat, term)
        return True

    # -- no terminator (None, 0, b""): everything is data ----------------------------

    def take_all(self, chat: Any) -> None:
        fired(rules.FALSY_COLLECTS_ALL)
        self.collect(chat, self._data)
        self._data = b""

    # -- a byte count --------------------------------------------------------------

    def take_count(self, chat: Any, count: int) -> None:
        """Fewer bytes than the count are all data; otherwise the count
        completes a message."""
        if len(self._data) < count:
            self.count_collects(chat)
        else:
            self.count_found(chat, count)

    def count_collects(self, chat: Any) -> None:
        """Everything buffered is data, and the count goes down by as much."""
        fired(rules.COUNT_COLLECTS)
        size = len(self._data)
        self.collect(chat, self._data)
        self._data = b""
        chat.terminator = chat.terminator - size

    def count_found(self, chat: Any, count: int) -> None:
        """The first ``count`` bytes end the message; the terminator is 0
        before found_terminator() runs, and the bytes after the count stay
        buffered."""
        fired(rules.COUNT_FOUND)
        self.collect(chat, self._data[:count])
        self._data = self._data[count:]
        chat.terminator = 0
        self.found(chat, 0)

    # -- a byte string -------------------------------------------------------------

    def take_through(self, chat: Any, term: bytes) -> bool:
        """Up to and through the first whole terminator, or as far as a
        possible start of one; False when that start must wait."""
        index = self.locate(self._data, term)
        if index >= 0:
            fired(rules.BYTES_FOUND)
            self.take_message(chat, index, term)
            return True
        return self.take_partial(chat, term)

    def take_message(self, chat: Any, index: int, term: bytes) -> None:
        """A whole terminator at ``index``: what precedes it is the end of the
        message (never collected when empty), what follows it stays buffered."""
        if index:
            self.collect(chat, self._data[:index])
        else:
            fired(rules.NO_EMPTY_COLLECT)
        self._data = self._data[index + len(term) :]
        self.found(chat, term)

    def take_partial(self, chat: Any, term: bytes) -> bool:
        """No whole terminator: collect all but a possible start of one at the
        end, which waits for more input (returns False) if there is one."""
        keep = self.holdback(self._data, term)
        if not keep:
            self.collect(chat, self._data)
            self._data = b""
            return True
        fired(rules.HOLDBACK)
        if keep < len(self._data):
            self.collect(chat, self._data[:-keep])
            self._data = self._data[-keep:]
        return False

    def locate(self, data: bytes, term: bytes) -> int:
        """Where the first whole terminator in ``data`` starts, or -1."""
        return data.find(term)

    def holdback(self, data: bytes, term: bytes) -> int:
        """How many bytes at the end of ``data`` may be the start of ``term``."""
        return find_prefix_at_end(data, term)

    # -- the callbacks -------------------------------------------------------------

    def collect(self, chat: Any, data: bytes) -> None:
        fired(rules.BYTES_HANDED)
        before = self._replaced
        chat.collect_incoming_data(data)
        if self._replaced != before:
            fired(rules.BUFFER_REPLACED)

    def found(self, chat: Any, term: Any) -> None:
        """found_terminator(), for a message ended by ``term``."""
        before = self._replaced
        chat.found_terminator()
        if self._replaced != before:
            fired(rules.BUFFER_REPLACED)
        self._found_with = term


_NOTHING = object()


def _same(first: Any, second: Any) -> bool:
    return type(first) is type(second) and first == second


class SpecOutput:
    """``producer_fifo`` and the output rules, one step at a time.

    The queue holds byte blocks, producers (anything with ``more()``) and
    ``None``, the close mark.  Each rule is a method of its own
    (``split_pushed``, ``take_head``, ``refill``, ``account_sent``, ...), so
    the steps can be read -- and replaced one at a time -- on their own.
    A step of a send attempt returns whether the attempt goes on.
    """

    __slots__ = ("fifo",)

    def __init__(self) -> None:
        #: ``producer_fifo`` itself: user code may look at it and change it.
        self.fifo: Deque[Any] = deque()

    # -- what the channel's methods do ----------------------------------------------

    def push(self, chat: Any, data: Any) -> None:
        """Queue ``data`` as blocks and make a send attempt at once."""
        self.check_pushed(data)
        self.fifo.extend(self.split_pushed(chat, self.pushed_bytes(data)))
        fired(rules.SENDS_AT_ONCE)
        chat.initiate_send()

    def push_with_producer(self, chat: Any, producer: Any) -> None:
        """Queue a producer whole -- it is asked for ``more()`` only once it
        reaches the head -- and make a send attempt at once."""
        self.fifo.append(producer)
        fired(rules.SENDS_AT_ONCE)
        chat.initiate_send()

    def close_when_done(self, chat: Any) -> None:
        """Only a mark: the close waits until what is ahead of it has gone."""
        fired(rules.CLOSE_QUEUED)
        self.fifo.append(None)

    def initiate_send(self, chat: Any) -> None:
        """One send attempt: steps on the head of the queue until one of them
        ends the attempt (one ``send()`` at the most) or the queue is empty."""
        if self.fifo and not self.can_send(chat) and not getattr(chat, "connecting", False):
            # Closed: the output stays queued (a connect under way is no close).
            fired(rules.NOTHING_AFTER_CLOSE)
        while self.fifo and self.can_send(chat):
            if not self.take_head(chat, self.fifo[0]):
                return

    # -- pushing -----------------------------------------------------------------------

    def check_pushed(self, data: Any) -> None:
        """Bytes-like objects only: a str must be encoded by the caller."""
        if isinstance(data, bytes):
            return
        if not isinstance(data, (bytearray, memoryview)):
            fired(rules.TYPE_ERROR)
            raise TypeError("data argument must be bytes-like, not %s" % type(data).__name__)
        fired(rules.BYTES_LIKE)

    def pushed_bytes(self, data: Any) -> Any:
        """What is queued for ``data``: the data itself, as given."""
        return data

    def split_pushed(self, chat: Any, data: Any) -> List[Any]:
        """The queue entries for ``data``: blocks of at most
        ``ac_out_buffer_size`` (a subclass may look at them in the queue)."""
        limit = chat.ac_out_buffer_size
        if len(data) <= limit:
            if len(data) > 512:
                # simple_producer's piece size: a push is never cut into those.
                fired(rules.NO_PIECES)
            return [data]
        fired(rules.PUSH_SPLITS)
        return [data[start : start + limit] for start in range(0, len(data), limit)]

    def discard(self, chat: Any) -> None:
        """discard_buffers()' part: the whole queue goes, close marks included."""
        self.fifo.clear()

    # -- a send attempt, on the head of the queue -----------------------------------

    def can_send(self, chat: Any) -> bool:
        """Not once the channel is closed, nor before its connect completes."""
        return bool(chat.connected)

    def take_head(self, chat: Any, head: Any) -> bool:
        """One step, by what is at the head.  Falsy entries first: a falsy
        producer counts as an empty block."""
        if self.is_close_mark(head):
            return self.reach_close_mark(chat)
        if not head:
            return self.drop_empty(chat)
        if self.is_producer(head):
            return self.refill(chat)
        return self.send_block(chat, head)

    def is_close_mark(self, head: Any) -> bool:
        """``None``, not anything falsy: an empty push is no close."""
        return head is None

    def is_producer(self, head: Any) -> bool:
        """Told from a block as CPython tells them: a block slices, a
        producer raises TypeError when sliced (a str is a block)."""
        try:
            head[:0]
        except TypeError:
            return True
        return False

    def reach_close_mark(self, chat: Any) -> bool:
        """Everything queued before the mark has gone: close now."""
        self.fifo.popleft()
        fired(rules.CLOSE_MARK)
        chat.handle_close()
        return False

    def drop_empty(self, chat: Any) -> bool:
        """An empty block is taken off and the attempt sends nothing (CPython
        offers send() the zero bytes; the rule is free)."""
        self.fifo.popleft()
        fired(rules.EMPTY_BLOCK)
        return False

    # -- a producer at the head ------------------------------------------------------

    def refill(self, chat: Any) -> bool:
        """Ask the producer for ``more()``; the attempt goes on either way."""
        data = self.fifo[0].more()
        if self.is_exhausted(data):
            return self.producer_exhausted(chat)
        self.producer_gave(chat, data)
        return True

    def is_exhausted(self, data: Any) -> bool:
        """``b""`` -- anything falsy -- ends a producer."""
        return not data

    def producer_gave(self, chat: Any, data: Any) -> None:
        """What ``more()`` returned goes in front of the producer, whole: it is
        sent (split by the send limit) before the producer is asked again."""
        fired(rules.PRODUCER_MORE)
        self.fifo.appendleft(data)

    def producer_exhausted(self, chat: Any) -> bool:
        """Dropped, and the same attempt goes on with what is behind it."""
        fired(rules.PRODUCER_EXHAUSTED)
        self.fifo.popleft()
        return True

    # -- a block at the head: one send() ---------------------------------------------

    def send_block(self, chat: Any, head: Any) -> bool:
        """Offer ``send()`` one block of the head entry -- never joined with
        what is queued behind it -- and keep what it did not take."""
        limit = chat.ac_out_buffer_size
        block = self.encode_block(chat, self.block_to_offer(chat, head))
        if len(self.fifo) > 1:
            fired(rules.HEAD_ONLY)
        if len(block) > 4096 and chat.ac_out_buffer_size == 65536:
            fired(rules.BUFFER_SIZES)
        try:
            sent = chat.send(block)
        except OSError as error:
            self.send_failed(chat, error)
            return False
        whole = len(head) <= limit and sent is not None and sent >= len(block)
        self.account_sent(chat, head, sent, whole)
        return self.goes_on_after_send(sent)

    def block_to_offer(self, chat: Any, head: Any) -> Any:
        """At most ``ac_out_buffer_size`` of the head entry: a producer's long
        chunk goes out over several attempts."""
        limit = chat.ac_out_buffer_size
        if len(head) > limit:
            fired(rules.SEND_LIMIT)
        return head[:limit]

    def encode_block(self, chat: Any, block: Any) -> Any:
        """A str reaches the queue only by push_with_producer() or a
        producer's more(); with use_encoding it is sent encoded (without,
        send() refuses it)."""
        if isinstance(block, str) and chat.use_encoding:
            fired(rules.STR_OUTPUT_ENCODED)
            return block.encode(chat.encoding)
        return block

    def send_failed(self, chat: Any, error: OSError) -> None:
        """The error is the application's to handle; the head stays queued."""
        fired(rules.SEND_ERROR)
        chat.handle_error()

    def account_sent(self, chat: Any, head: Any, sent: Optional[int], whole: bool) -> None:
        """``send()`` took ``sent`` bytes of the block offered from the head
        entry.  The entry is dropped once it went out ``whole``: it fit in
        one block and send() took all of that block.  Otherwise its rest
        stays, cut by the entry's own items -- a str's characters, though
        ``sent`` counts encoded bytes (case producer.multibyte-encoding) --
        even when that leaves it empty, as CPython leaves it: the next
        attempt then drops the empty entry.  None taken (0, or None from an
        override) leaves it as it was."""
        if not sent:
            return
        if whole:
            self.fifo.popleft()
        else:
            self.keep_unsent(chat, head[sent:])

    def keep_unsent(self, chat: Any, rest: Any) -> None:
        """The rest goes out before anything queued behind it."""
        self.fifo[0] = rest

    def goes_on_after_send(self, sent: Optional[int]) -> bool:
        """One ``send()`` per attempt: the rest waits for the next writable
        event."""
        return False


class async_chat(_fast_chat):  # noqa: N801 - the asynchat name
    """The reference ``async_chat`` by the readable rules: framing by
    :class:`SpecInput`, output by :class:`SpecOutput`."""

    # The readable rules' own classes, which by design do not share the fast
    # paths' interface: this channel calls them itself, with itself.
    _framing = SpecInput  # type: ignore[assignment]
    _output_queue = SpecOutput  # type: ignore[assignment]
    _input: SpecInput  # type: ignore[assignment]
    _output: SpecOutput  # type: ignore[assignment]

    def push(self, data: Any) -> None:
        self._output.push(self, data)

    def push_with_producer(self, producer: Any) -> None:
        self._output.push_with_producer(self, producer)

    def close_when_done(self) -> None:
        self._output.close_when_done(self)

    def initiate_send(self) -> None:
        self._output.initiate_send(self)

    def handle_read(self) -> None:
        """One read, then the input rules; a failed read is ``read_failed()``'s."""
        try:
            data = self.recv(self.ac_in_buffer_size)
        except OSError as error:
            self.read_failed(error)
            return
        if len(data) > 4096 and self.ac_in_buffer_size == 65536:
            fired(rules.BUFFER_SIZES)
        if isinstance(data, str) and self.use_encoding:
            data = data.encode(self.encoding)
        self._input.feed(data, self)
        if len(self._input.pending) > self.ac_in_buffer_size:
            fired(rules.ALWAYS_READABLE)

    def read_failed(self, error: OSError) -> None:
        """ "Nothing to read yet" is no error; any other is the application's."""
        if isinstance(error, BlockingIOError):
            fired(rules.BLOCKING_IGNORED)
            return
        fired(rules.RECV_ERROR)
        self.handle_error()

    def discard_buffers(self) -> None:
        fired(rules.DISCARD)
        self._input.replace(b"")
        self.discard_incoming()
        self._output.discard(self)

    def discard_incoming(self) -> None:
        """discard_buffers()' part: the chunks _collect_incoming_data() kept."""
        del self.incoming[:]


__all__ = ["SpecInput", "SpecOutput", "async_chat", "simple_producer", "find_prefix_at_end"]
