"""Mistake: the hold-back of a terminator split across reads only looks at
the last byte: one byte is kept when it equals the terminator's first byte.
That serves b"\\r\\n", but a longer possible start such as b"\\r\\n." of
b"\\r\\n.\\r\\n" (or b"aa" of b"aab") is collected as data and the
terminator is missed."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "terminator.bytes.split"


class async_chat(spec.async_chat):  # noqa: N801
    def holdback(self, data, terminator):
        return 1 if data[-1:] == terminator[:1] else 0  # BUG: only a one-byte prefix
