"""The input side of async_chat, with no sockets: bytes in, events out.

This module is the specification of how an ``async_chat`` turns received bytes
into ``collect_incoming_data()`` and ``found_terminator()`` calls.  It is pure
logic: the channel glue (``reference.chat``) feeds it what ``recv()`` returned
and turns each event into the matching callback, and the conformance suite's
model feeds it a scenario's chunks to compute the expected calls.

Rules, as CPython's asynchat applies them (3.8 to 3.11 agree):

* The terminator is read afresh before every event, so a terminator changed
  inside ``found_terminator()`` applies to the bytes already buffered.
* A *falsy* terminator (``None``, ``0``, ``b""``) means "collect everything":
  all buffered bytes go to one ``Collect`` and no ``Found`` follows.
* An integer terminator ``n`` counts bytes down.  Fewer than ``n`` buffered
  bytes are collected and the channel's terminator becomes ``n - len``; ``n``
  or more bytes give ``Collect(first n)`` then ``Found``, and the terminator
  becomes ``0`` -- which then means "collect everything" until it is set again.
* A byte-string terminator splits the buffer.  Data before it is collected
  (never as an empty chunk), the terminator itself is dropped, ``Found``
  follows.  Without a match, everything is collected except the longest tail
  that could still begin the terminator; that tail waits for the next bytes.

Cost is linear in the bytes received: consumed input is tracked by an offset
and never re-copied per terminator (CPython re-slices the whole remaining
buffer after every terminator, which is quadratic in lines per read).
"""

from typing import Callable, Iterator, NamedTuple, Optional, Union

Terminator = Union[bytes, bytearray, int, None]


class Collect(NamedTuple):
    """Hand ``data`` to ``collect_incoming_data()``.

    ``countdown`` is set for integer terminators: the value the channel's
    terminator takes once the callback returns (bytes still to count).
    """

    data: bytes
    countdown: Optional[int] = None


class Found(NamedTuple):
    """Call ``found_terminator()``.

    ``countdown`` is ``0`` when an integer terminator completed: the channel's
    terminator becomes ``0`` *before* the callback runs, as in CPython.
    """

    countdown: Optional[int] = None


Event = Union[Collect, Found]


def find_prefix_at_end(haystack: bytes, needle: bytes, start: int = 0) -> int:
    """Length of the longest proper prefix of ``needle`` that ends ``haystack``.

    Callers have already checked that ``needle`` itself is not in
    ``haystack[start:]``; the answer tells how many trailing bytes must be
    kept back because the next read may complete the terminator.  ``start``
    lets the framer look at its unconsumed bytes without slicing them out.
    """
    for length in range(min(len(needle) - 1, len(haystack) - start), 0, -1):
        if haystack.endswith(needle[:length], start):
            return length
    return 0


class InputFramer:
    """Buffered input plus the rules above.

    ``receive()`` appends bytes; ``events()`` yields what those bytes mean.
    The generator is lazy on purpose: the consumer runs the user's callback
    between two events, and the callback may change the terminator or replace
    the buffer (``discard_buffers()``), which the next step must see.
    """

    def __init__(self) -> None:
        self._buf = b""
        self._pos = 0
        # Bumped whenever the buffer is replaced from outside, so a suspended
        # events() generator knows its offsets are stale.
        self._generation = 0

    # -- the buffer, as async_chat.ac_in_buffer shows it ---------------------

    @property
    def pending(self) -> bytes:
        """Received bytes not yet handed out (``ac_in_buffer``)."""
        return self._buf[self._pos:] if self._pos else self._buf

    def replace(self, data: bytes) -> None:
        """Set the unconsumed input wholesale (assigning ``ac_in_buffer``)."""
        self._buf = bytes(data)
        self._pos = 0
        self._generation += 1

    def receive(self, data: bytes) -> None:
        """Append bytes read from the peer."""
        if not data:
            return
        if self._pos >= len(self._buf):
            self._buf = bytes(data)
        else:
            self._buf = self._buf[self._pos:] + data
        self._pos = 0

    # -- the rules ------------------------------------------------------------

    def events(self, terminator: Callable[[], Terminator]) -> Iterator[Event]:
        """Yield the events the buffered bytes produce, reading the terminator
        through ``terminator()`` before each one."""
        while self._pos < len(self._buf):
            term = terminator()
            buf, pos, generation = self._buf, self._pos, self._generation
            if not term:
                yield Collect(buf[pos:] if pos else buf)
                self._advance(generation, len(buf))
            elif isinstance(term, int):
                available = len(buf) - pos
                if available < term:
                    yield Collect(buf[pos:] if pos else buf, countdown=term - available)
                    self._advance(generation, len(buf))
                else:
                    yield Collect(buf[pos:pos + term])
                    self._advance(generation, pos + term)
                    yield Found(countdown=0)
            else:
                index = buf.find(term, pos)
                if index != -1:
                    if index > pos:
                        yield Collect(buf[pos:index])
                    self._advance(generation, index + len(term))
                    yield Found()
                else:
                    end = len(buf) - find_prefix_at_end(buf, term, pos)
                    if end > pos:
                        yield Collect(buf[pos:end])
                        self._advance(generation, end)
                    return

    def _advance(self, generation: int, new_pos: int) -> None:
        """Mark bytes as handed out -- unless a callback replaced the buffer
        meanwhile (``discard_buffers()`` inside ``collect_incoming_data()``):
        the replacement then stands."""
        if generation == self._generation:
            self._pos = new_pos
