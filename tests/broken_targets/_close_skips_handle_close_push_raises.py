"""Two mistakes in one port: close_when_done() ends in close() without
handle_close() (the recordable one, ``close_skips_handle_close``), and a
push() after that close raises TypeError -- an unrelated bug that shows only
after the recorded rule has applied, which the record must not excuse.
(The leading underscore keeps it out of the one-mistake targets.)"""

from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

from .close_skips_handle_close import async_chat as _close_skips_handle_close


class async_chat(_close_skips_handle_close):  # noqa: N801
    closed_when_done = False

    def push(self, data):
        if self.closed_when_done:
            raise TypeError("push() on a channel closed by close_when_done()")  # the second bug
        _close_skips_handle_close.push(self, data)
