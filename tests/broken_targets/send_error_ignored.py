"""Mistake: the send attempt swallows an OSError from send() instead of
handing it to handle_error(), so a failing connection stays open with its
output queued."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "errors.send-error"


class async_chat(spec.async_chat):  # noqa: N801
    def send_failed(self, error):
        pass  # BUG: the error must go to handle_error()
