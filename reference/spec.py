"""The input rules of async_chat, written to be read: the specification.

:class:`SpecInput` turns received bytes into ``collect_incoming_data()`` and
``found_terminator()`` calls the plain way -- the whole unprocessed input kept
as one ``bytes`` and re-sliced after every step, the terminator read through
``get_terminator()`` before every step -- and names each rule (``rules``) as
it applies it.  ``reference.framing.InputBuffer`` is the fast path of the same
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
    """``ac_in_buffer`` and the input rules, one step at a time."""

    __slots__ = ("_data", "_replaced")

    def __init__(self) -> None:
        self._data = b""
        #: Counts replacements, so a step can tell that a callback made one.
        self._replaced = 0

    @property
    def pending(self) -> bytes:
        return self._data

    def replace(self, data: bytes) -> None:
        self._data = bytes(data) if data else b""
        self._replaced += 1

    def feed(self, data: bytes, chat: Any, plain_terminator: Any = False) -> None:
        """Append ``data`` and apply the rules until the buffer is used up or
        must wait for more.  (``plain_terminator`` is the fast path's hint;
        the specification always asks ``get_terminator()``.)"""
        self._data = self._data + bytes(data)
        switched_from: Any = _NOTHING  # the terminator found_terminator() was called with
        while self._data:
            size = len(self._data)
            term = chat.get_terminator()
            if switched_from is not _NOTHING and not _same(term, switched_from):
                fired(rules.SWITCH_APPLIES)
            switched_from = _NOTHING
            if not term:
                fired(rules.FALSY_COLLECTS_ALL)
                self._collect(chat, self._data)
                self._data = b""
            elif isinstance(term, int):
                if size < term:
                    fired(rules.COUNT_COLLECTS)
                    self._collect(chat, self._data)
                    self._data = b""
                    chat.terminator = chat.terminator - size
                else:
                    fired(rules.COUNT_FOUND)
                    self._collect(chat, self._data[:term])
                    self._data = self._data[term:]
                    chat.terminator = 0
                    switched_from = 0
                    self._found(chat)
            else:
                index = self._data.find(term)
                if index >= 0:
                    fired(rules.BYTES_FOUND)
                    if index:
                        self._collect(chat, self._data[:index])
                    else:
                        fired(rules.NO_EMPTY_COLLECT)
                    self._data = self._data[index + len(term):]
                    switched_from = term
                    self._found(chat)
                    continue
                keep = find_prefix_at_end(self._data, term)
                if not keep:
                    self._collect(chat, self._data)
                    self._data = b""
                    continue
                fired(rules.HOLDBACK)
                if keep < size:
                    self._collect(chat, self._data[:-keep])
                    self._data = self._data[-keep:]
                return

    def _collect(self, chat: Any, data: bytes) -> None:
        fired(rules.BYTES_HANDED)
        before = self._replaced
        chat.collect_incoming_data(data)
        if self._replaced != before:
            fired(rules.BUFFER_REPLACED)

    def _found(self, chat: Any) -> None:
        before = self._replaced
        chat.found_terminator()
        if self._replaced != before:
            fired(rules.BUFFER_REPLACED)


_NOTHING = object()


def _same(first: Any, second: Any) -> bool:
    return type(first) is type(second) and first == second


class async_chat(_fast_chat):  # noqa: N801 - the asynchat name
    """The reference ``async_chat`` framing by :class:`SpecInput`."""

    _framing = SpecInput


__all__ = ["SpecInput", "async_chat", "simple_producer", "find_prefix_at_end"]
