"""The rules of async_chat, written to be read: the specification.

:class:`async_chat` here is a complete channel on ``asyncore.dispatcher``,
written the plain way and shared with nothing: input is kept as one
``bytes`` (``ac_in_buffer``) and re-sliced after every step, the terminator
is read through ``get_terminator()`` before every step, and output is
taken from ``producer_fifo`` one entry at a time.  Each rule is a short
method of the channel that names its rule (``rules``) as it applies it, so
the class reads top to bottom as the rules do, and a port's mistake -- or
a recorded deviation (``asynchat_conformance.core.variants``) -- is an
override of one of those methods.

``asynchat_reference.async_chat`` (``chat``, ``framing``, ``output``) is
the fast path of the same rules; tests/ hold the two together.  The
conformance suite's model runs this module's :class:`async_chat`, so a
scenario's expected trace says which rules it exercised.

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

import errno
from collections import deque
from typing import Any, Deque, Dict, List, Optional

from . import rules
from .dispatcher import asyncore
from .producers import simple_producer
from .rules import fired


def find_prefix_at_end(haystack: bytes, needle: bytes) -> int:
    """How many bytes at the end of ``haystack`` are a proper prefix of
    ``needle``: the longest such prefix, tried from the longest down."""
    for length in range(len(needle) - 1, 0, -1):
        if haystack.endswith(needle[:length]):
            return length
    return 0


#: The errnos with which a socket's recv() or send() says the peer is gone.
DISCONNECTED = frozenset(
    (
        errno.ECONNRESET,
        errno.ENOTCONN,
        errno.ESHUTDOWN,
        errno.ECONNABORTED,
        errno.EPIPE,
        errno.EBADF,
    )
)

#: ``_found_with`` when no found_terminator() call is to be noted.
_NOTHING: Any = object()


def _same(first: Any, second: Any) -> bool:
    """Whether two terminators frame alike: equal, and of one type."""
    return type(first) is type(second) and first == second


class async_chat(asyncore.dispatcher):  # noqa: N801 - the asynchat name
    """A dispatcher that splits input at a terminator and queues output.

    Subclasses implement ``collect_incoming_data()`` and
    ``found_terminator()``; ``set_terminator()`` says where messages end.
    """

    ac_in_buffer_size = 65536
    ac_out_buffer_size = 65536
    # Off by default: a str reaching the channel is usually an application
    # bug, and encoding it silently would hide that.
    use_encoding = 0
    encoding = "latin-1"

    def __init__(self, sock: Any = None, map: Optional[Dict[int, Any]] = None) -> None:  # noqa: A002
        self._in_buffer = b""
        #: Counts assignments to ac_in_buffer, so a step can tell that a
        #: callback made one.
        self._in_replaced = 0
        #: The terminator found() just called found_terminator() for, for
        #: frame() to take.
        self._found_with = _NOTHING
        self._fifo: Deque[Any] = deque()
        self.incoming: List[bytes] = []
        # As in CPython, the terminator is unset until set_terminator().
        asyncore.dispatcher.__init__(self, sock, map)

    # -- the state user code reads and replaces ----------------------------------

    @property
    def ac_in_buffer(self) -> bytes:
        """Bytes received and not yet framed."""
        return self._in_buffer

    @ac_in_buffer.setter
    def ac_in_buffer(self, data: bytes) -> None:
        """Whatever is assigned is framed as bytes."""
        self._in_buffer = bytes(data) if data else b""
        self._in_replaced += 1

    @property
    def producer_fifo(self) -> Deque[Any]:
        """Pending output: byte blocks, producers (anything with ``more()``)
        and ``None``, the close mark."""
        return self._fifo

    @producer_fifo.setter
    def producer_fifo(self, fifo: Deque[Any]) -> None:
        """Any sequence may be assigned; it is queued as a deque."""
        self._fifo = fifo if isinstance(fifo, deque) else deque(fifo)

    # -- the subclass's side ---------------------------------------------------------

    def collect_incoming_data(self, data: bytes) -> None:
        raise NotImplementedError("must be implemented in subclass")

    def found_terminator(self) -> None:
        raise NotImplementedError("must be implemented in subclass")

    def _collect_incoming_data(self, data: bytes) -> None:
        """A ready ``collect_incoming_data()``: keep chunks in ``incoming``."""
        fired(rules.INCOMING_COLLECT)
        self.incoming.append(data)

    def _get_data(self) -> bytes:
        """Join and empty what ``_collect_incoming_data()`` kept."""
        fired(rules.INCOMING_GET)
        data = b"".join(self.incoming)
        del self.incoming[:]
        return data

    # -- the terminator ----------------------------------------------------------------

    def set_terminator(self, term: Any) -> None:
        """Bytes, a byte count, or ``None``/0/b"" for "everything is data"."""
        if isinstance(term, int) and term < 0:
            fired(rules.NEGATIVE_COUNT)
            raise ValueError("the terminator byte count must not be negative")
        if isinstance(term, str) and self.use_encoding:
            fired(rules.STR_TERMINATOR_ENCODED)
            term = term.encode(self.encoding)
        self.terminator = term

    def get_terminator(self) -> Any:
        return self.terminator

    # -- reading -----------------------------------------------------------------------

    def readable(self) -> bool:
        """Always: ac_in_buffer_size bounds one recv(), not what is buffered."""
        return True

    def handle_read(self) -> None:
        """One read, then the input rules; a failed read is ``read_failed()``'s."""
        try:
            data = self.receive(self.read_size())
        except OSError as error:
            self.read_failed(error)
            return
        self.received(data)

    def read_size(self) -> int:
        """How much one read asks recv() for."""
        return self.ac_in_buffer_size

    def receive(self, size: int) -> bytes:
        """The read itself: the dispatcher's recv(), which turns an empty
        read and a reset connection into handle_close()."""
        return self.recv(size)

    def recv(self, buffer_size: int) -> bytes:
        """The dispatcher's read: an empty read, or a disconnect errno,
        means the peer is gone -- handle_close(), and nothing read."""
        assert self.socket is not None  # the loop reads a connected channel only
        try:
            data = self.socket.recv(buffer_size)
        except OSError as error:
            if not self.is_disconnect(error):
                raise
            data = b""
        if not data:
            fired(rules.PEER_EOF)
            self.handle_close()
        return data

    def is_disconnect(self, error: OSError) -> bool:
        """Whether an error of the socket's recv() or send() means the peer
        is gone."""
        fired(rules.DISCONNECT_ERRNOS)
        return error.errno in DISCONNECTED

    def read_failed(self, error: OSError) -> None:
        """ "Nothing to read yet" is no error; any other is the application's."""
        if isinstance(error, BlockingIOError):
            fired(rules.BLOCKING_IGNORED)
            return
        fired(rules.RECV_ERROR)
        self.handle_error()

    def received(self, data: Any) -> None:
        """What was read joins ac_in_buffer, and the rules frame it."""
        if len(data) > 4096 and self.ac_in_buffer_size == 65536:
            fired(rules.BUFFER_SIZES)
        if isinstance(data, str) and self.use_encoding:
            data = data.encode(self.encoding)
        self.ac_in_buffer = self.ac_in_buffer + bytes(data)
        self.frame()
        if len(self.ac_in_buffer) > self.ac_in_buffer_size:
            fired(rules.ALWAYS_READABLE)

    # -- framing: one step at a time, until the input is used up or must wait --------

    def frame(self) -> None:
        """Apply the rules until ac_in_buffer is used up or must wait for
        more.  The terminator is asked for again before every step: a
        callback may have changed it."""
        found_with = _NOTHING  # the terminator found_terminator() was just called for
        while self.ac_in_buffer:
            terminator = self.get_terminator()
            if found_with is not _NOTHING and not _same(terminator, found_with):
                fired(rules.SWITCH_APPLIES)
            go_on = self.take(terminator)
            # Taken at once, so that a callback that reads more input cannot
            # mix up two loops' notes.
            found_with, self._found_with = self._found_with, _NOTHING
            if not go_on:
                return

    def take(self, terminator: Any) -> bool:
        """One step, by the kind of terminator.  Returns False when what is
        left must wait for more input."""
        if not terminator:
            self.take_all()
        elif isinstance(terminator, int):
            self.take_count(terminator)
        else:
            return self.take_through(terminator)
        return True

    def take_all(self) -> None:
        """No terminator (None, 0, b""): everything buffered is data."""
        fired(rules.FALSY_COLLECTS_ALL)
        self.collect(self.ac_in_buffer)
        self.ac_in_buffer = b""

    def take_count(self, count: int) -> None:
        """Fewer bytes than the count are all data; otherwise the count
        completes a message."""
        if len(self.ac_in_buffer) < count:
            self.count_collects()
        else:
            self.count_found(count)

    def count_collects(self) -> None:
        """Everything buffered is data, and the count goes down by as much."""
        fired(rules.COUNT_COLLECTS)
        size = len(self.ac_in_buffer)
        self.collect(self.ac_in_buffer)
        self.ac_in_buffer = b""
        self.terminator = self.terminator - size

    def count_found(self, count: int) -> None:
        """The first ``count`` bytes end the message; the terminator is 0
        before found_terminator() runs, and the bytes after the count stay
        buffered."""
        fired(rules.COUNT_FOUND)
        self.collect(self.ac_in_buffer[:count])
        self.ac_in_buffer = self.ac_in_buffer[count:]
        self.terminator = 0
        self.found(0)

    def take_through(self, terminator: bytes) -> bool:
        """Up to and through the first whole terminator, or as far as a
        possible start of one; False when that start must wait."""
        index = self.locate(self.ac_in_buffer, terminator)
        if index >= 0:
            fired(rules.BYTES_FOUND)
            self.take_message(index, terminator)
            return True
        return self.take_partial(terminator)

    def take_message(self, index: int, terminator: bytes) -> None:
        """A whole terminator at ``index``: what precedes it is the end of the
        message (never collected when empty), what follows it stays buffered."""
        if index:
            self.collect(self.ac_in_buffer[:index])
        else:
            fired(rules.NO_EMPTY_COLLECT)
        self.ac_in_buffer = self.ac_in_buffer[index + len(terminator) :]
        self.found(terminator)

    def take_partial(self, terminator: bytes) -> bool:
        """No whole terminator: collect all but a possible start of one at the
        end, which waits for more input (returns False) if there is one."""
        keep = self.holdback(self.ac_in_buffer, terminator)
        if not keep:
            self.collect(self.ac_in_buffer)
            self.ac_in_buffer = b""
            return True
        fired(rules.HOLDBACK)
        if keep < len(self.ac_in_buffer):
            self.collect(self.ac_in_buffer[:-keep])
            self.ac_in_buffer = self.ac_in_buffer[-keep:]
        return False

    def locate(self, data: bytes, terminator: bytes) -> int:
        """Where the first whole terminator in ``data`` starts, or -1."""
        return data.find(terminator)

    def holdback(self, data: bytes, terminator: bytes) -> int:
        """How many bytes at the end of ``data`` may be the start of the
        terminator."""
        return find_prefix_at_end(data, terminator)

    def collect(self, data: bytes) -> None:
        """collect_incoming_data(), handed bytes."""
        fired(rules.BYTES_HANDED)
        before = self._in_replaced
        self.collect_incoming_data(data)
        if self._in_replaced != before:
            fired(rules.BUFFER_REPLACED)

    def found(self, terminator: Any) -> None:
        """found_terminator(), for a message ended by ``terminator``."""
        before = self._in_replaced
        self.found_terminator()
        if self._in_replaced != before:
            fired(rules.BUFFER_REPLACED)
        self._found_with = terminator

    # -- queueing output ---------------------------------------------------------------

    def push(self, data: Any) -> None:
        """Queue ``data`` as blocks and make a send attempt at once."""
        self.check_pushed(data)
        self.producer_fifo.extend(self.split_pushed(self.pushed_bytes(data)))
        fired(rules.SENDS_AT_ONCE)
        self.initiate_send()

    def push_with_producer(self, producer: Any) -> None:
        """Queue a producer whole -- it is asked for ``more()`` only once it
        reaches the head -- and make a send attempt at once."""
        self.producer_fifo.append(producer)
        fired(rules.SENDS_AT_ONCE)
        self.initiate_send()

    def close_when_done(self) -> None:
        """Only a mark: the close waits until what is ahead of it has gone."""
        fired(rules.CLOSE_QUEUED)
        self.producer_fifo.append(None)

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

    def split_pushed(self, data: Any) -> List[Any]:
        """The queue entries for ``data``: blocks of at most
        ``ac_out_buffer_size`` (a subclass may look at them in the queue)."""
        limit = self.ac_out_buffer_size
        if len(data) <= limit:
            if len(data) > 512:
                # simple_producer's piece size: a push is never cut into those.
                fired(rules.NO_PIECES)
            return [data]
        fired(rules.PUSH_SPLITS)
        return [data[start : start + limit] for start in range(0, len(data), limit)]

    def discard_buffers(self) -> None:
        """Drop unprocessed input, collected chunks and all pending output."""
        fired(rules.DISCARD)
        self.ac_in_buffer = b""
        self.discard_incoming()
        self.discard_output()

    def discard_incoming(self) -> None:
        """discard_buffers()' part: the chunks _collect_incoming_data() kept."""
        del self.incoming[:]

    def discard_output(self) -> None:
        """discard_buffers()' part: the whole queue goes, close marks included."""
        self.producer_fifo.clear()

    # -- sending: one attempt per push and per writable event ------------------------

    def writable(self) -> bool:
        """While output is queued, and while a connect is under way."""
        return bool(self.producer_fifo) or not self.connected

    def handle_write(self) -> None:
        self.initiate_send()

    def handle_close(self) -> None:
        fired(rules.HANDLE_CLOSE_CLOSES)
        self.close()

    def initiate_send(self) -> None:
        """One send attempt: steps on the head of the queue until one of them
        ends the attempt (one ``send()`` at the most) or the queue is empty."""
        if self.producer_fifo and not self.can_send() and not getattr(self, "connecting", False):
            # Closed: the output stays queued (a connect under way is no close).
            fired(rules.NOTHING_AFTER_CLOSE)
        while self.producer_fifo and self.can_send():
            if not self.take_head(self.producer_fifo[0]):
                return

    def can_send(self) -> bool:
        """Not once the channel is closed, nor before its connect completes."""
        return bool(self.connected)

    def take_head(self, head: Any) -> bool:
        """One step, by what is at the head; it returns whether the attempt
        goes on.  Falsy entries first: a falsy producer counts as an empty
        block."""
        if self.is_close_mark(head):
            return self.reach_close_mark()
        if not head:
            return self.drop_empty()
        if self.is_producer(head):
            return self.refill()
        return self.send_block(head)

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

    def reach_close_mark(self) -> bool:
        """Everything queued before the mark has gone: close now."""
        self.producer_fifo.popleft()
        fired(rules.CLOSE_MARK)
        self.handle_close()
        return False

    def drop_empty(self) -> bool:
        """An empty block is taken off and the attempt sends nothing (CPython
        offers send() the zero bytes; the rule is free)."""
        self.producer_fifo.popleft()
        fired(rules.EMPTY_BLOCK)
        return False

    # -- a producer at the head ----------------------------------------------------------

    def refill(self) -> bool:
        """Ask the producer for ``more()``; the attempt goes on either way."""
        data = self.producer_fifo[0].more()
        if self.is_exhausted(data):
            return self.producer_exhausted()
        self.producer_gave(data)
        return True

    def is_exhausted(self, data: Any) -> bool:
        """``b""`` -- anything falsy -- ends a producer."""
        return not data

    def producer_gave(self, data: Any) -> None:
        """What ``more()`` returned goes in front of the producer, whole: it is
        sent (split by the send limit) before the producer is asked again."""
        fired(rules.PRODUCER_MORE)
        self.producer_fifo.appendleft(data)

    def producer_exhausted(self) -> bool:
        """Dropped, and the same attempt goes on with what is behind it."""
        fired(rules.PRODUCER_EXHAUSTED)
        self.producer_fifo.popleft()
        return True

    # -- a block at the head: one send() -------------------------------------------------

    def send_block(self, head: Any) -> bool:
        """Offer ``send()`` one block of the head entry -- never joined with
        what is queued behind it -- and keep what it did not take."""
        limit = self.ac_out_buffer_size
        block = self.encode_block(self.block_to_offer(head))
        if len(self.producer_fifo) > 1:
            fired(rules.HEAD_ONLY)
        if len(block) > 4096 and self.ac_out_buffer_size == 65536:
            fired(rules.BUFFER_SIZES)
        try:
            sent = self.send(block)
        except OSError as error:
            self.send_failed(error)
            return False
        whole = len(head) <= limit and sent is not None and sent >= len(block)
        self.account_sent(head, sent, whole)
        return self.goes_on_after_send(sent)

    def block_to_offer(self, head: Any) -> Any:
        """At most ``ac_out_buffer_size`` of the head entry: a producer's long
        chunk goes out over several attempts."""
        limit = self.ac_out_buffer_size
        if len(head) > limit:
            fired(rules.SEND_LIMIT)
        return head[:limit]

    def encode_block(self, block: Any) -> Any:
        """A str reaches the queue only by push_with_producer() or a
        producer's more(); with use_encoding it is sent encoded (without,
        send() refuses it)."""
        if isinstance(block, str) and self.use_encoding:
            fired(rules.STR_OUTPUT_ENCODED)
            return block.encode(self.encoding)
        return block

    def send(self, data: Any) -> int:
        """The dispatcher's send: a full socket takes nothing (0), and a
        disconnect errno means the peer is gone -- handle_close(), and 0."""
        assert self.socket is not None  # a send attempt needs a connected channel
        try:
            return self.socket.send(data)
        except OSError as error:
            if self.is_disconnect(error):
                self.handle_close()
                return 0
            if error.errno == errno.EWOULDBLOCK:
                return 0
            raise

    def send_failed(self, error: OSError) -> None:
        """The error is the application's to handle; the head stays queued."""
        fired(rules.SEND_ERROR)
        self.handle_error()

    def account_sent(self, head: Any, sent: Optional[int], whole: bool) -> None:
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
            self.producer_fifo.popleft()
        else:
            self.keep_unsent(head[sent:])

    def keep_unsent(self, rest: Any) -> None:
        """The rest goes out before anything queued behind it."""
        self.producer_fifo[0] = rest

    def goes_on_after_send(self, sent: Optional[int]) -> bool:
        """One ``send()`` per attempt: the rest waits for the next writable
        event."""
        return False


__all__ = ["async_chat", "simple_producer", "find_prefix_at_end"]
