"""Holds a non-reentrant lock around its output side (a "thread-safe"
subclass): push() sends through initiate_send(), so a push() from inside a
producer's more() or from handle_close() -- both called by initiate_send()
with the lock held -- waits for it for ever."""

import threading

from ._portable import base_chat
from ._portable import base_find_prefix_at_end as find_prefix_at_end  # noqa: F401
from ._portable import base_simple_producer as simple_producer  # noqa: F401


class async_chat(base_chat):
    def __init__(self, *args, **kwargs):
        self._output_lock = threading.Lock()
        base_chat.__init__(self, *args, **kwargs)

    def initiate_send(self):
        with self._output_lock:
            base_chat.initiate_send(self)
