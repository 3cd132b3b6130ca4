"""Mistake: simple_producer.more() takes a last piece shorter than
buffer_size for the end of the data and returns b"" instead of it."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end  # noqa: F401
from asynchat_reference.spec import simple_producer as _simple_producer

REJECTED_BY = "simple-producer.more"


class simple_producer(_simple_producer):  # noqa: N801
    def more(self):
        rest = self.data
        if len(rest) < self.buffer_size:  # BUG: the short tail is real data
            self.data = b""
            return b""
        self.data = rest[self.buffer_size :]
        return rest[: self.buffer_size]


class async_chat(spec.async_chat):  # noqa: N801
    pass
