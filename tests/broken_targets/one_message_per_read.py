"""Mistake: each read is framed once (an ``if`` where a loop belongs): after
the first found_terminator() the rest of the buffer waits for the next
read, so several messages arriving together are delivered one per read --
and the last ones never, if nothing more arrives."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "terminator.bytes.many-per-read"


class async_chat(spec.async_chat):  # noqa: N801
    def frame(self):
        if self.ac_in_buffer:  # BUG: should loop while bytes are buffered
            self.take(self.get_terminator())
