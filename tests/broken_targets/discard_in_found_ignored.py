"""Mistake: a read is framed from a local copy of the buffer that is
written back only when the read is done, so discard_buffers() called inside
found_terminator() empties ac_in_buffer for a moment and the rest of the
read is framed anyway."""

from ._base import Channel, find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "discard-buffers.input"


class async_chat(Channel):  # noqa: N801
    def frame_buffered(self):
        data = self.ac_in_buffer  # BUG: callbacks cannot see or change this copy
        while data:
            terminator = self.get_terminator()
            if not terminator:
                self.collect_incoming_data(data)
                data = b""
            elif isinstance(terminator, int):
                if len(data) < terminator:
                    self.collect_incoming_data(data)
                    self.terminator = terminator - len(data)
                    data = b""
                else:
                    self.collect_incoming_data(data[:terminator])
                    data = data[terminator:]
                    self.terminator = 0
                    self.found_terminator()
            else:
                at = data.find(terminator)
                if at == -1:
                    keep = find_prefix_at_end(data, terminator)
                    if keep < len(data):
                        self.collect_incoming_data(data[:len(data) - keep])
                        data = data[len(data) - keep:]
                    break
                if at:
                    self.collect_incoming_data(data[:at])
                data = data[at + len(terminator):]
                self.found_terminator()
        self.ac_in_buffer = data
