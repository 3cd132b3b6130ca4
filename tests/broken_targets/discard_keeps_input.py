"""Mistake: discard_buffers() drops the collected chunks and the output but
not the unprocessed input, so the rest of the read is still framed after a
discard inside found_terminator()."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "discard-buffers.input"


class async_chat(spec.async_chat):  # noqa: N801
    def discard_buffers(self):
        # BUG: self.ac_in_buffer should be emptied too
        del self.incoming[:]
        self.producer_fifo.clear()
