"""Mistake: handle_read() hands every OSError from recv() to
handle_error(), BlockingIOError included, so a read event with nothing to
read (a spurious wakeup) closes the channel -- what medusa's copy does."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "errors.recv-would-block"


class async_chat(spec.async_chat):  # noqa: N801
    def read_failed(self, error):
        self.handle_error()  # BUG: BlockingIOError means "nothing yet", not an error
