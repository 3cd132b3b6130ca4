"""The input side of async_chat, with no sockets: bytes in, callbacks out.

This module is the specification of how an ``async_chat`` turns received bytes
into ``collect_incoming_data()`` and ``found_terminator()`` calls.  It does no
I/O: the channel glue (``reference.chat``) hands :meth:`InputBuffer.feed` what
``recv()`` returned, together with the channel, and ``feed()`` calls the
channel's callbacks.  The conformance suite's model drives the same code.

Rules, as CPython's asynchat applies them (3.8 to 3.11 agree).  The loop runs
while unprocessed bytes (``ac_in_buffer``) remain, and each step reads the
terminator afresh, so a terminator changed inside ``found_terminator()``
applies to the bytes already buffered:

* A *falsy* terminator (``None``, ``0``, ``b""``) means "collect everything":
  all buffered bytes go to one ``collect_incoming_data()`` call.
* An integer terminator ``n`` counts bytes down.  Fewer than ``n`` buffered
  bytes are all collected and the terminator becomes ``terminator - len``;
  ``n`` or more bytes give a collect of the first ``n``, then the terminator
  becomes ``0`` -- which means "collect everything" until it is set again --
  and ``found_terminator()`` is called.
* A byte-string terminator splits the buffer.  Data before it is collected
  (never as an empty chunk), the terminator itself is dropped, and
  ``found_terminator()`` is called.  Without a match, everything is collected
  except the longest tail that could still begin the terminator; that tail
  waits for the next bytes, and the step ends the loop.

What the callbacks can see and change:

* ``ac_in_buffer`` during ``collect_incoming_data()`` still holds the
  collected bytes (they are dropped once the call returns); during
  ``found_terminator()`` it holds what follows the terminator.
* A callback may replace ``ac_in_buffer`` (``discard_buffers()``, or an
  assignment).  Replaced inside ``found_terminator()``, the replacement is
  simply the buffer from then on.  Replaced inside
  ``collect_incoming_data()``, the step that follows the call is applied to
  the replacement, as CPython does: "drop the collected bytes" becomes
  ``replacement[len(collected bytes and terminator):]``, "keep the tail"
  becomes ``replacement[-len(tail):]`` and "collect everything" leaves ``b""``.

Cost is linear in the bytes received.  Consumed input is tracked by an offset
into the received bytes, never re-copied per message (CPython re-slices the
whole remaining buffer after every terminator, which is quadratic in the
messages per read), and the common case -- a byte-string terminator read
through the default ``get_terminator()`` -- runs as one tight loop over
``bytes.find()``.
"""

from typing import Any, Union

Terminator = Union[bytes, bytearray, int, None]


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


class InputBuffer:
    """``ac_in_buffer``, kept as received bytes plus an offset, and the rules.

    The unprocessed bytes are ``_buf[_pos:]``; once all are handed out,
    ``_buf`` is ``b""`` again (which also lets go of the received bytes).
    ``feed()`` keeps ``_pos`` current before every callback, so ``pending``
    is right whenever a callback looks; a callback that replaces the buffer
    installs a new ``_buf`` object, which is how ``feed()`` notices.
    """

    __slots__ = ("_buf", "_pos")

    def __init__(self) -> None:
        self._buf = b""
        self._pos = 0

    @property
    def pending(self) -> bytes:
        """Received bytes not yet handed out (``ac_in_buffer``)."""
        return self._buf[self._pos:] if self._pos else self._buf

    def replace(self, data: bytes) -> None:
        """Set the unprocessed input wholesale (assigning ``ac_in_buffer``)."""
        self._buf = bytes(data) if data else b""
        self._pos = 0

    def _cut(self, start: Any) -> None:
        """``ac_in_buffer = ac_in_buffer[start:]`` on whatever it is now --
        the slow path, after a callback replaced it or for an odd count."""
        self.replace(self.pending[start:])

    def feed(self, data: bytes, chat: Any, plain_terminator: Any = False) -> None:
        """Append ``data``, then apply the rules to everything buffered.

        ``chat`` is the channel: ``feed()`` reads its terminator, calls its
        ``collect_incoming_data()`` and ``found_terminator()`` (looked up
        afresh for every call, as a handler may swap them) and sets its
        ``terminator`` where an integer counts down.

        The terminator is read through ``chat.get_terminator()`` before every
        step, unless ``plain_terminator`` says that method is the default one,
        which returns ``chat.terminator``: nothing could observe those calls,
        so ``feed()`` then reads the attribute, and a byte-string terminator
        stays in the inner loop for as long as it is unchanged.
        ``plain_terminator`` is a bool, or a function that answers for
        ``chat``; ``feed()`` asks it at most once, and only when the answer
        saves work (``reference.chat`` passes one: the question costs more
        than framing a read of bulk data).
        """
        buf = self._buf  # b"" once everything was handed out
        if buf:
            pos = self._pos
            buf = (buf[pos:] if pos else buf) + data
        elif type(data) is bytes:
            buf = data
        else:
            buf = bytes(data)
        if not buf:
            return
        self._buf = buf
        pos = self._pos = 0
        # Whether get_terminator() may be skipped; None: not asked yet.  The
        # first step calls it regardless -- the default one returns the same.
        plain = None

        while True:
            term = chat.terminator if plain else chat.get_terminator()

            if not term:  # collect everything
                chat.collect_incoming_data(buf[pos:] if pos else buf)
                self._buf, self._pos = b"", 0
                return

            if isinstance(term, int):  # count bytes down
                available = len(buf) - pos
                if available < term:
                    chat.collect_incoming_data(buf[pos:] if pos else buf)
                    self._buf, self._pos = b"", 0
                    chat.terminator = chat.terminator - available
                    return
                if term > 0:
                    end = pos + term
                    chat.collect_incoming_data(buf[pos:end])
                    if self._buf is buf:
                        self._pos = end
                    else:
                        self._cut(term)
                else:  # negative, set without set_terminator(): slice as CPython does
                    chat.collect_incoming_data(self.pending[:term])
                    self._cut(term)
                chat.terminator = 0
                chat.found_terminator()
                buf, pos = self._buf, self._pos
                if pos >= len(buf):
                    break
                if plain is None:
                    plain = _ask(plain_terminator, chat)
                continue

            # A byte string: find it, from the offset on.
            if plain is None:
                plain = _ask(plain_terminator, chat)
            size = len(term)
            index = buf.find(term, pos)
            while index >= 0:
                if index > pos:
                    chat.collect_incoming_data(buf[pos:index])
                    if self._buf is not buf:
                        self._cut(index + size - pos)
                        chat.found_terminator()
                        break
                pos = self._pos = index + size
                chat.found_terminator()
                if self._buf is not buf or not plain or chat.terminator is not term:
                    break  # back to the top: the buffer or the terminator changed
                index = buf.find(term, pos)
            else:
                # No terminator in the rest: collect all of it but a tail
                # that may begin one.  Either way this ends the loop.
                keep = find_prefix_at_end(buf, term, pos) if pos < len(buf) else 0
                if not keep:
                    if pos < len(buf):
                        chat.collect_incoming_data(buf[pos:] if pos else buf)
                    self._buf, self._pos = b"", 0
                elif keep < len(buf) - pos:
                    end = len(buf) - keep
                    chat.collect_incoming_data(buf[pos:end])
                    if self._buf is buf:
                        self._pos = end
                    else:
                        self._cut(-keep)
                return
            buf, pos = self._buf, self._pos
            if pos >= len(buf):
                break
        self._buf, self._pos = b"", 0


def _ask(plain_terminator: Any, chat: Any) -> bool:
    """``feed()``'s ``plain_terminator``, answered."""
    if callable(plain_terminator):
        return bool(plain_terminator(chat))
    return bool(plain_terminator)

