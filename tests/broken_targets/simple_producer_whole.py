"""Mistake: simple_producer.more() ignores buffer_size and returns all of
its data at once."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end  # noqa: F401
from asynchat_reference.spec import simple_producer as _simple_producer

REJECTED_BY = "simple-producer.more"


class simple_producer(_simple_producer):  # noqa: N801
    def more(self):
        data, self.data = self.data, b""  # BUG: should hand out buffer_size bytes
        return data


class async_chat(spec.async_chat):  # noqa: N801
    pass
