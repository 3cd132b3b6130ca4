"""Mistake: simple_producer's buffer_size defaults to 1024, not 512, so a
producer made without a size hands out pieces twice as long."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end  # noqa: F401
from asynchat_reference.spec import simple_producer as _simple_producer

REJECTED_BY = "simple-producer.default-size"


class simple_producer(_simple_producer):  # noqa: N801
    def __init__(self, data, buffer_size=1024):  # BUG: the default is 512
        _simple_producer.__init__(self, data, buffer_size)


class async_chat(spec.async_chat):  # noqa: N801
    pass
