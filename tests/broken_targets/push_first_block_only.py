"""Mistake: push() of data larger than ac_out_buffer_size queues only its
first ac_out_buffer_size bytes; the rest is lost."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "push.larger-than-out-buffer"


class async_chat(spec.async_chat):  # noqa: N801
    def split_pushed(self, data):
        return [data[: self.ac_out_buffer_size]]  # BUG: the rest is lost
