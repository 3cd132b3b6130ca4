"""Mistake: a byte-string terminator split across two reads is never found.

When the buffer holds no whole terminator, everything is collected --
including a tail such as ``b"\\r"`` that the next read would complete into
``b"\\r\\n"``; that tail is lost to the framing and the message runs on.
"""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "terminator.bytes.split"


class async_chat(spec.async_chat):  # noqa: N801
    def holdback(self, data, terminator):
        return 0  # BUG: a possible start of the terminator must wait for more
