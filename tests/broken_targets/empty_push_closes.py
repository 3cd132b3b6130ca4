"""Mistake: the close mark that close_when_done() queues (None) is tested
with ``not head`` rather than ``head is None``, so an empty push() -- b""
is falsy too -- closes the channel and what was queued after it is never
sent."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "push.empty"


class async_chat(spec.async_chat):  # noqa: N801
    def is_close_mark(self, head):
        return not head  # BUG: should be ``head is None``
