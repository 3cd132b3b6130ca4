"""The input rules of async_chat, written to be read: the specification.

:class:`SpecInput` turns received bytes into ``collect_incoming_data()`` and
``found_terminator()`` calls the plain way -- the whole unprocessed input kept
as one ``bytes`` and re-sliced after every step, the terminator read through
``get_terminator()`` before every step -- and names each rule (``rules``) as
it applies it.  ``asynchat_reference.framing.InputBuffer`` is the fast path of the same
rules; tests/ checks the two against each other, and the conformance suite's
model runs this module's :class:`async_chat`, so a scenario's expected trace
says which rules it exercised.

What a callback sees and can change, step by step:

* during ``collect_incoming_data()``, ``ac_in_buffer`` still holds the bytes
  being collected; during ``found_terminator()``, what follows the terminator;
* a callback may replace ``ac_in_buffer``; the step under way then finishes on
  the replacement (it drops as many bytes from it as it meant to drop, or
  keeps as long a tail), and the next step frames the replacement.
"""

from typing import Any

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
        self._data = self._data[index + len(term):]
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


class async_chat(_fast_chat):  # noqa: N801 - the asynchat name
    """The reference ``async_chat`` framing by :class:`SpecInput`."""

    _framing = SpecInput


__all__ = ["SpecInput", "async_chat", "simple_producer", "find_prefix_at_end"]
