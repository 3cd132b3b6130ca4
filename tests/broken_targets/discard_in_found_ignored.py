"""Mistake: a read is framed from a local copy of the buffer that is
written back only when the read is done, so discard_buffers() called inside
found_terminator() empties ac_in_buffer for a moment and the rest of the
read is framed anyway."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "discard-buffers.input"


class async_chat(spec.async_chat):  # noqa: N801
    def frame(self):
        data = self.ac_in_buffer  # BUG: callbacks cannot see or change this copy of the buffer
        while data:
            terminator = self.get_terminator()
            if not terminator or not isinstance(terminator, bytes):
                self.ac_in_buffer = data  # counts and None by the rules
                spec.async_chat.frame(self)
                return
            index = data.find(terminator)
            if index < 0:
                keep = find_prefix_at_end(data, terminator)
                if keep < len(data):
                    self.collect(data[: len(data) - keep])
                data = data[len(data) - keep :]
                break
            if index:
                self.collect(data[:index])
            data = data[index + len(terminator) :]
            self.found(terminator)
        self.ac_in_buffer = data
