"""Mistake: simple_producer's buffer_size defaults to 1024, not 512, so a
producer made without a size hands out pieces twice as long."""

from ._base import Channel, find_prefix_at_end  # noqa: F401
from ._base import simple_producer as _simple_producer

REJECTED_BY = "simple-producer.default-size"


class simple_producer(_simple_producer):  # noqa: N801
    def __init__(self, data, buffer_size=1024):  # BUG: the default is 512
        _simple_producer.__init__(self, data, buffer_size)


class async_chat(Channel):  # noqa: N801
    pass
