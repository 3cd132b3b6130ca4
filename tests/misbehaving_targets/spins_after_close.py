"""Once it has closed, every push() spins for ever (a port whose output
loop waits for a socket that is gone): every case that pushes after a close
hangs; the others are judged as usual."""

from ._portable import base_chat, spin
from ._portable import base_find_prefix_at_end as find_prefix_at_end  # noqa: F401
from ._portable import base_simple_producer as simple_producer  # noqa: F401


class async_chat(base_chat):
    _closed_once = False

    def close(self):
        self._closed_once = True
        base_chat.close(self)

    def push(self, data):
        if self._closed_once:
            spin()
        base_chat.push(self, data)
