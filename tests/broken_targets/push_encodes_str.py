"""Mistake: push() silently encodes a str instead of raising TypeError."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "push.type-error"


class async_chat(spec.async_chat):  # noqa: N801
    def push(self, data):
        if isinstance(data, str):  # BUG: should raise TypeError
            data = data.encode(self.encoding)
        super().push(data)
