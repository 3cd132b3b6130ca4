"""Mistake: a read is framed from a local copy of the buffer that is
written back only when the read is done, so discard_buffers() called inside
found_terminator() empties ac_in_buffer for a moment and the rest of the
read is framed anyway."""

from ._base import Channel, SpecInput, find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "discard-buffers.input"


class async_chat(Channel):  # noqa: N801
    def frame(self):
        copy = SpecInput()  # BUG: callbacks cannot see or change this copy of the buffer
        copy.feed(self.ac_in_buffer, self)
        self.ac_in_buffer = copy.pending
