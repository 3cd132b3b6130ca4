"""Mistake: push() splits data longer than ac_out_buffer_size into
len(data) // ac_out_buffer_size whole blocks and forgets the shorter last
piece, so the end of the data is never sent."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "push.larger-than-out-buffer"


class async_chat(spec.async_chat):  # noqa: N801
    def split_pushed(self, data):
        size = self.ac_out_buffer_size
        if len(data) <= size:
            return [data]
        return [
            data[index * size : (index + 1) * size] for index in range(len(data) // size)
        ]  # BUG: drops a short last block
