"""Mistake: the buffer sizes default to 4096, medusa's value, not 65536:
subclasses that rely on the default read and send in smaller pieces."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "class.buffer-size-defaults"


class async_chat(spec.async_chat):  # noqa: N801
    ac_in_buffer_size = 4096  # BUG: the default is 65536
