"""Mistake: handle_read() ignores every OSError from recv(), as if all were
BlockingIOError, so a failing connection is never reported to
handle_error() and never closed."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "errors.recv-error"


class async_chat(spec.async_chat):  # noqa: N801
    def read_failed(self, error):
        pass  # BUG: only BlockingIOError may be ignored
