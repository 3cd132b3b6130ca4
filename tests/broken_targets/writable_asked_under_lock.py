"""Mistake: a "thread-safe" push() queues under a non-reentrant lock and,
still holding it, asks writable() whether the loop must watch for write
events -- so a writable() override that pushes (a keep-alive) waits for the
lock for ever."""

import threading

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "reentry.in-writable"
#: A deadlock: the case ends at its deadline.
REJECTED_AS = "timeout"


class async_chat(spec.async_chat):  # noqa: N801
    def push(self, data):
        lock = self.__dict__.setdefault("_output_lock", threading.Lock())
        with lock:
            spec.async_chat.push(self, data)
            self.write_wanted = self.writable()  # BUG: calls user code with the lock held
