"""Mistake: push() type-checks for bytes only, so a bytearray or a
memoryview -- which asynchat accepts -- raises TypeError."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "push.bytes-like"


class async_chat(spec.async_chat):  # noqa: N801
    def check_pushed(self, data):
        if not isinstance(data, bytes):  # BUG: bytearray and memoryview are fine too
            raise TypeError("push() takes bytes, not %s" % type(data).__name__)
