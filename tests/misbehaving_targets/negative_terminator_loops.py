"""Accepts set_terminator(-1) and then loops for ever reading (a medusa-era
copy that counts down an integer terminator until it reaches exactly 0)."""

from ._portable import base_chat, spin
from ._portable import base_find_prefix_at_end as find_prefix_at_end  # noqa: F401
from ._portable import base_simple_producer as simple_producer  # noqa: F401


class async_chat(base_chat):
    _negative = False

    def set_terminator(self, term):
        self._negative = isinstance(term, int) and not isinstance(term, bool) and term < 0
        if self._negative:
            self.terminator = term
            return
        base_chat.set_terminator(self, term)

    def handle_read(self):
        if self._negative:
            spin()
        base_chat.handle_read(self)
