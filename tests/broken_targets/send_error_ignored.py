"""Mistake: the send attempt swallows an OSError from send() instead of
handing it to handle_error(), so a failing connection stays open with its
output queued."""

from ._base import Channel, find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "errors.send-error"


class async_chat(Channel):  # noqa: N801
    def send_failed(self, error):
        pass  # BUG: the error must go to handle_error()
