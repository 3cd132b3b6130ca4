"""Mistake: a producer is taken to be exhausted when more() returns None
rather than b"", so an exhausted producer is never dropped: its b"" is
queued and skipped again and again, and nothing queued behind it is ever
sent."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "producer.exhaustion"


class async_chat(spec.async_chat):  # noqa: N801
    def is_exhausted(self, data):
        return data is None  # BUG: the end of a producer is b"", not None
