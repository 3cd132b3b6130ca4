"""Mistake: a "thread-safe" initiate_send() holds a non-reentrant lock for
the whole send attempt, so a push() from inside a producer's more() -- which
that attempt calls -- waits for the lock for ever."""

import threading

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "reentry.in-more"
#: A deadlock: the case ends at its deadline.
REJECTED_AS = "timeout"


class async_chat(spec.async_chat):  # noqa: N801
    def initiate_send(self):
        lock = self.__dict__.setdefault("_output_lock", threading.Lock())
        with lock:  # BUG: push() from inside the attempt (more(), handle_close()) calls this again
            spec.async_chat.initiate_send(self)
