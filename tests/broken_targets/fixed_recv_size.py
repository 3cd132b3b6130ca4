"""Mistake: handle_read() asks recv() for a fixed 65536 bytes instead of
ac_in_buffer_size, so a channel that lowers ac_in_buffer_size still reads
everything at once and its collect_incoming_data() calls are not the ones
asynchat makes."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "terminator.small-in-buffer"


class async_chat(spec.async_chat):  # noqa: N801
    def read_size(self):
        return 65536  # BUG: should be self.ac_in_buffer_size
