"""Mistake: a whole read is framed with the terminator that was set when
the read began, so a terminator changed inside found_terminator() (the HTTP
header -> Content-Length body pattern) does not apply to bytes already
received.
"""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "oversend.switch-to-int"


class async_chat(spec.async_chat):  # noqa: N801
    def frame(self):
        terminator = self.get_terminator()  # BUG: looked up once per read
        while self.ac_in_buffer and self.take(terminator):
            pass
