"""The input side of async_chat, with no sockets: bytes in, callbacks out.

This module is the fast path of the input rules; ``asynchat_reference.spec`` states
the same rules one step at a time, to be read, and tests/test_fast_path.py
checks the two against each other.  It does no I/O: the channel glue
(``asynchat_reference.chat``) hands :meth:`InputBuffer.feed` what ``recv()``
returned, together with the channel, and ``feed()`` calls the channel's
callbacks.

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

Cost is linear in the bytes received, and flat per byte as reads grow.
Consumed input is tracked by an offset into the received bytes, never
re-copied per message (CPython re-slices the whole remaining buffer after
every terminator, which is quadratic in the messages per read).  A read of
short messages under a byte-string terminator read through the default
``get_terminator()`` -- the common case -- is cut whole by one
``bytes.split()`` and the pieces handed out in a plain loop, where the only
bookkeeping per message is one flag; where ``ac_in_buffer`` starts is worked
out only when a callback looks.  Long messages (the last read tells), a
switched terminator, a replaced buffer or a
``get_terminator()`` override go through the find loop instead, which keeps
the offset current and reaches each terminator by memchr() to its first
byte: searching for a longer needle runs some 50 times slower than
memchr(), so the split loop, like CPython's ``find()``, spends most of a
read of long messages searching.
"""

from typing import Any, List, Optional, Union

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


#: ``feed()``'s ``first_terminator`` when not given: ask ``get_terminator()``.
_ASK = object()


class InputBuffer:
    """``ac_in_buffer``, kept as received bytes plus an offset, and the rules.

    The unprocessed bytes are ``_buf[_pos:]``; once all are handed out,
    ``_buf`` is ``b""`` again (which also lets go of the received bytes).
    The find loop keeps ``_pos`` current before every callback; a callback
    that replaces the buffer installs a new ``_buf`` object, which is how
    that loop notices.

    The split loop hands out the pieces of one ``bytes.split()`` and keeps
    only ``_collecting`` current per message: while ``_pieces`` is set,
    where ``ac_in_buffer`` starts is worked out when someone looks, from how
    far the loop's iterator over the pieces has got.  A replacement (or a
    ``feed()`` from inside a callback) empties ``_pieces``, which is how
    that loop notices, and it ends there.
    """

    __slots__ = ("_buf", "_pos", "_pieces", "_it", "_size", "_collecting", "_known", "_short")

    #: Messages this long or shorter, on average over a read, have the
    #: next read framed by the split loop; longer ones by the find loop.
    #:
    #: Why two loops: ``bytes.split()`` and ``bytes.find()`` of a
    #: terminator longer than one byte scan at about 1 GB/s, ``memchr()``
    #: (``bytes.find()`` of one byte) at tens.  Where messages are short the
    #: split loop wins, as it does no Python work per message but hand it
    #: out; where they are long, the find loop wins, as it reaches each
    #: terminator by memchr() to its first byte.  The two cost the same at
    #: some 600-byte messages on this project's machine.  Which loop is
    #: picked by how the last read went, as looking at a read first would
    #: cost as much as a small read's framing: a call of ``bytes.find()``
    #: costs some 0.1 to 0.3 us however little it searches.
    SPAN = 640

    def __init__(self) -> None:
        self._buf = b""
        self._pos = 0
        #: The pieces the split loop is handing out, or None.
        self._pieces: Optional[List[bytes]] = None
        self._it: Any = None  # the split loop's iterator over _pieces
        self._size = 0  # the length of the terminator _buf was split at
        #: True while collect_incoming_data() has a piece from the split
        #: loop: ac_in_buffer then still starts with that piece.
        self._collecting = False
        #: (piece index, its offset in _buf): the last offset worked out, so
        #: that looking at ac_in_buffer after every message stays linear.
        self._known = (0, 0)
        #: Whether the last read framed had short messages (see SPAN).
        self._short = True

    @property
    def pending(self) -> bytes:
        """Received bytes not yet handed out (``ac_in_buffer``)."""
        if self._pieces is not None:
            return self._buf[self._split_pos() :]
        return self._buf[self._pos :] if self._pos else self._buf

    def replace(self, data: bytes) -> None:
        """Set the unprocessed input wholesale (assigning ``ac_in_buffer``)."""
        if self._pieces is not None:
            self._settle()
        self._buf = bytes(data) if data else b""
        self._pos = 0

    def _cut(self, start: Any) -> None:
        """``ac_in_buffer = ac_in_buffer[start:]`` on whatever it is now --
        the slow path, after a callback replaced it or for an odd count."""
        self.replace(self.pending[start:])

    def _split_pos(self) -> int:
        """Where ``ac_in_buffer`` starts in ``_buf`` during the split loop."""
        pieces: List[bytes] = self._pieces  # type: ignore[assignment]
        index = len(pieces) - self._it.__length_hint__() - 1  # the piece handed out
        known, start = self._known
        if index > known:
            start += sum(map(len, pieces[known:index])) + (index - known) * self._size
            self._known = (index, start)
        if not self._collecting:
            start += len(pieces[index]) + self._size
        return start

    def _settle(self) -> None:
        """Leave the split loop's bookkeeping: ``_buf[_pos:]`` is
        ``ac_in_buffer`` again.  Empties ``_pieces``, so a split loop still
        running (a callback replaced the buffer) hands out no more; a
        ``feed()`` that finds the bookkeeping on (a callback raised, or
        fed input) settles it first."""
        pieces = self._pieces
        if pieces is not None:
            self._pos = self._split_pos()
            pieces.clear()
            self._pieces = self._it = None
            self._collecting = False
            self._known = (0, 0)

    def feed(
        self, data: bytes, chat: Any, plain_terminator: Any = False, first_terminator: Any = _ASK
    ) -> None:
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
        saves work (``asynchat_reference.chat`` passes one: the question costs more
        than framing a read of bulk data).  ``first_terminator`` is what
        ``chat.get_terminator()`` just returned, if the caller asked it
        already (with nothing buffered).
        """
        buf = self._buf  # b"" once everything was handed out
        if not buf and type(data) is bytes:
            if not data:
                return
            self._buf = buf = data  # _pos is 0 already
        else:
            if self._pieces is not None:
                self._settle()
                buf = self._buf
            if buf:
                pos = self._pos
                buf = (buf[pos:] if pos else buf) + data
            else:
                buf = bytes(data)
            if not buf:
                return
            self._buf = buf
            self._pos = 0
        pos = 0
        # Whether get_terminator() may be skipped; None: not asked yet.  The
        # first step calls it regardless -- the default one returns the same.
        plain = None
        term = chat.get_terminator() if first_terminator is _ASK else first_terminator

        while True:
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
                term = chat.terminator if plain else chat.get_terminator()
                continue

            # A byte string.
            if plain is None:
                plain = _ask(plain_terminator, chat)
            size = len(term)
            if not pos and plain and type(term) is bytes and self._short:
                # Cut the whole buffer at C speed and hand the pieces out.
                pieces = buf.split(term)
                tail = pieces.pop()
                if pieces:
                    self._pieces, self._size, self._known = pieces, size, (0, 0)
                    it = self._it = iter(pieces)
                    for piece in it:
                        if piece:
                            self._collecting = True
                            chat.collect_incoming_data(piece)
                            self._collecting = False
                            if not pieces:  # the buffer was replaced meanwhile
                                self._cut(len(piece) + size)
                                chat.found_terminator()
                                break
                        chat.found_terminator()
                        if chat.terminator is not term:
                            changed = chat.terminator
                            if type(changed) is not bytes or changed != term:
                                break  # back to the top: the terminator changed
                            term = changed  # an equal one frames alike
                    else:
                        if pieces:  # all handed out, none replaced
                            self._pieces = self._it = None
                            self._short = len(buf) <= self.SPAN * len(pieces)
                            self._hold_back(buf, len(buf) - len(tail), term, chat, tail)
                            return
                    self._settle()
                else:
                    self._short = len(buf) <= self.SPAN
                    self._hold_back(buf, 0, term, chat)
                    return
            else:
                # Find it, from the offset on: memchr() to the first byte of
                # a longer bytes terminator, then bytes.find() from there if
                # that was not one.
                first = term[:1] if size > 1 and type(term) is bytes else term
                index = buf.find(first, pos)
                if index >= 0 and first is not term and buf[index : index + size] != term:
                    index = buf.find(term, index + 1)
                start, found = pos, 0
                while index >= 0:
                    if index > pos:
                        chat.collect_incoming_data(buf[pos:index])
                        if self._buf is not buf:
                            self._cut(index + size - pos)
                            chat.found_terminator()
                            break
                    pos = self._pos = index + size
                    found += 1
                    chat.found_terminator()
                    if self._buf is not buf or not plain or chat.terminator is not term:
                        break  # back to the top: the buffer or the terminator changed
                    index = buf.find(first, pos)
                    if index >= 0 and first is not term and buf[index : index + size] != term:
                        index = buf.find(term, index + 1)
                else:
                    self._short = len(buf) - start <= self.SPAN * (found or 1)
                    self._hold_back(buf, pos, term, chat)
                    return
            buf, pos = self._buf, self._pos
            if pos >= len(buf):
                break
            term = chat.terminator if plain else chat.get_terminator()
        self._buf, self._pos = b"", 0

    def _hold_back(
        self, buf: bytes, pos: int, term: bytes, chat: Any, rest: Optional[bytes] = None
    ) -> None:
        """No terminator in ``buf[pos:]``: collect all of it but a tail that
        may begin one, and keep that tail.  Either way this ends a feed.
        ``rest`` is ``buf[pos:]`` when the caller has it already (the split
        loop's last piece), which saves copying it again."""
        self._pos = pos
        end = len(buf)
        keep = find_prefix_at_end(buf, term, pos) if pos < end else 0
        if not keep:
            if pos < end:
                if rest is None:
                    rest = buf[pos:] if pos else buf
                chat.collect_incoming_data(rest)
            self._buf, self._pos = b"", 0
        elif keep < end - pos:
            end -= keep
            chat.collect_incoming_data(buf[pos:end])
            if self._buf is buf:
                self._pos = end
            else:
                self._cut(-keep)


def _ask(plain_terminator: Any, chat: Any) -> bool:
    """``feed()``'s ``plain_terminator``, answered."""
    if callable(plain_terminator):
        return bool(plain_terminator(chat))
    return bool(plain_terminator)
