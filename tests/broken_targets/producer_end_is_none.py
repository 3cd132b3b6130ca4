"""Mistake: a producer is taken to be exhausted when more() returns None
rather than b"", so an exhausted producer is never dropped: its b"" is
queued and skipped again and again, and nothing queued behind it is ever
sent."""

from ._base import Channel, find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "producer.exhaustion"


class async_chat(Channel):  # noqa: N801
    def is_exhausted(self, data):
        return data is None  # BUG: the end of a producer is b"", not None
