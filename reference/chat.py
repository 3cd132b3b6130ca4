"""``async_chat``: the framing and output rules wired to an asyncore dispatcher.

Everything protocol-shaped lives in ``framing`` (input) and ``output``
(sending); this class only moves bytes between them and the socket.  The
attributes that subclasses in the wild reach into (``ac_in_buffer``,
``incoming``, ``producer_fifo``, ``terminator``, the buffer sizes and
encoding switches) keep CPython's names and meaning.
"""

from collections import deque
from typing import Any, Deque, Dict, List, Optional, Union

from .dispatcher import asyncore
from .framing import InputBuffer, Terminator
from .output import AGAIN, CLOSE, COPY_LIMIT, NOTHING, OutputQueue

Bytes = Union[bytes, bytearray, memoryview]


class async_chat(asyncore.dispatcher):  # noqa: N801 - the name asynchat users import
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
    #: The framing class: tests put a subclass here that forces one of
    #: ``InputBuffer``'s two loops.
    _framing = InputBuffer

    def __init__(self, sock: Any = None, map: Optional[Dict[int, Any]] = None) -> None:  # noqa: A002
        self._input = self._framing()
        # handle_read() may take a bulk read itself, past the framing; not
        # with a framing that a test forced into one of its loops.
        self._direct = self._framing is InputBuffer
        self._output = OutputQueue()
        self.incoming: List[bytes] = []
        # As in CPython, the terminator is unset until set_terminator().
        asyncore.dispatcher.__init__(self, sock, map)

    # -- compatibility views over the sans-IO state -------------------------

    @property
    def ac_in_buffer(self) -> bytes:
        """Bytes received and not yet handed to the callbacks."""
        return self._input.pending

    @ac_in_buffer.setter
    def ac_in_buffer(self, data: bytes) -> None:
        self._input.replace(data)

    @property
    def producer_fifo(self) -> Deque[Any]:
        """Pending output: blocks, producers and ``None`` close marks."""
        return self._output.fifo

    @producer_fifo.setter
    def producer_fifo(self, fifo: Deque[Any]) -> None:
        self._output.fifo = fifo if isinstance(fifo, deque) else deque(fifo)

    # -- the subclass's side -------------------------------------------------

    def collect_incoming_data(self, data: bytes) -> None:
        raise NotImplementedError("must be implemented in subclass")

    def found_terminator(self) -> None:
        raise NotImplementedError("must be implemented in subclass")

    def _collect_incoming_data(self, data: bytes) -> None:
        """A ready ``collect_incoming_data()``: keep chunks in ``incoming``."""
        self.incoming.append(data)

    def _get_data(self) -> bytes:
        """Join and empty what ``_collect_incoming_data()`` kept."""
        data = b"".join(self.incoming)
        del self.incoming[:]
        return data

    def set_terminator(self, term: Terminator) -> None:
        """Set where the next message ends: bytes, a byte count, or ``None``."""
        kind = type(term)
        if isinstance(term, int) and kind is int:
            if term < 0:
                raise ValueError("the terminator byte count must not be negative")
        elif kind is not bytes and term is not None:
            if isinstance(term, str):
                if self.use_encoding:
                    term = term.encode(self.encoding)
            elif isinstance(term, int) and term < 0:
                raise ValueError("the terminator byte count must not be negative")
        self.terminator = term

    def get_terminator(self) -> Terminator:
        return self.terminator

    # -- input ---------------------------------------------------------------

    def handle_read(self) -> None:
        try:
            data = self.recv(self.ac_in_buffer_size)
        except BlockingIOError:
            return
        except OSError:
            self.handle_error()
            return
        framer = self._input
        if type(data) is bytes and data and self._direct and not framer._buf:
            # Nothing was buffered: the read is ac_in_buffer when the
            # terminator is asked for, as in feed().  Falsy (bulk input): it
            # goes to the handler from here, one call fewer per read.
            framer._buf = data
            term = self.get_terminator()
            if term:
                framer.feed(b"", self, _uses_default_getter, term)
            else:
                # (What get_terminator() may have put in ac_in_buffer instead.)
                self.collect_incoming_data(framer._buf)
                framer._buf, framer._pos = b"", 0
        else:
            if type(data) is not bytes and isinstance(data, str) and self.use_encoding:
                # CPython calls bytes(str, encoding) here -- on the str *type*
                # -- and raises TypeError; encoding the data is what was meant.
                data = data.encode(self.encoding)
            framer.feed(data, self, _uses_default_getter)

    def readable(self) -> bool:
        # Always: input is never throttled by ac_in_buffer_size, which only
        # bounds a single recv().
        return True

    # -- output --------------------------------------------------------------

    def push(self, data: Bytes) -> None:
        """Queue bytes and start sending at once."""
        if type(data) is not bytes and not isinstance(data, (bytes, bytearray, memoryview)):
            # (a bytes subclass is bytes)
            raise TypeError("data argument must be bytes-like, not %s" % type(data).__name__)
        limit = self.ac_out_buffer_size
        if len(data) > limit:
            self._output.push(data, limit)
        else:
            self._output.fifo.append(data)
        self.initiate_send()

    def push_with_producer(self, producer: Any) -> None:
        """Queue a producer (anything with ``more()``) and start sending."""
        self._output.fifo.append(producer)
        self.initiate_send()

    def close_when_done(self) -> None:
        """Close once everything queued before this call has been sent.

        Like CPython, this only queues the mark; the close happens on a later
        send attempt (the next writable event).
        """
        self._output.fifo.append(None)

    def writable(self) -> bool:
        return bool(self._output.fifo) or not self.connected

    def handle_write(self) -> None:
        self.initiate_send()

    def handle_close(self) -> None:
        self.close()

    def initiate_send(self) -> None:
        """Make one send attempt from the head of the queue, by the rules in
        ``output``; the commonest head -- a ``bytes`` block that goes out as
        it is -- is handled inline."""
        output = self._output
        while output.fifo and self.connected:
            fifo = output.fifo
            limit = self.ac_out_buffer_size
            head = fifo[0]
            if type(head) is bytes and 0 < len(head) <= limit:
                block = head
            else:
                block = output.step(limit)
                if block is AGAIN:  # a producer was asked for more()
                    continue
                if block is CLOSE:
                    self.handle_close()
                    return
                if block is NOTHING:
                    return
                if isinstance(block, str) and self.use_encoding:
                    block = block.encode(self.encoding)
                head = fifo[0]  # what the block was cut from (a long bytes' view)
            try:
                sent = self.send(block)
            except OSError:
                self.handle_error()
                return
            # What is left is cut from the entry offered, as in CPython, even
            # if send() pushed (and sent) more meanwhile.
            if block is not head:
                output.sent(head, sent, len(block), limit)
            elif sent == len(head):  # (==: a None from a send() override is no error)
                output.fifo.popleft()  # (send() may have replaced producer_fifo)
            elif sent:  # part of it, or more than offered
                rest = len(head) - sent
                if rest <= 0:
                    output.fifo.popleft()
                else:
                    # A large remainder waits as a view: copied after every
                    # partial send, a block would cost its size squared.
                    output.fifo[0] = head[sent:] if rest <= COPY_LIMIT else memoryview(head)[sent:]
            return

    def discard_buffers(self) -> None:
        """Drop unprocessed input, collected chunks and all pending output."""
        self._input.replace(b"")
        del self.incoming[:]
        self._output.fifo.clear()


def _uses_default_getter(chat: async_chat) -> bool:
    """Whether ``chat.get_terminator`` is async_chat's own, which returns
    ``chat.terminator`` -- so the framer may read the attribute instead.

    (Asked of the bound method rather than of ``chat.__dict__``: touching an
    instance's ``__dict__`` slows every later attribute access on it.)
    """
    getter: Any = chat.get_terminator  # a bound method, or whatever replaced it
    try:
        return getter.__func__ is _get_terminator and getter.__self__ is chat
    except AttributeError:  # not a bound method at all
        return False


_get_terminator = async_chat.get_terminator
