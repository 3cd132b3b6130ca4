"""Mistake: close_when_done() closes the channel at once instead of after
the output queued before it has been sent."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "close-when-done.flushes-first"


class async_chat(spec.async_chat):  # noqa: N801
    def close_when_done(self):
        self.handle_close()  # BUG: should queue a close mark behind the output
