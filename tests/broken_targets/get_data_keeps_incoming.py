"""Mistake: _get_data() joins the collected chunks but never empties
incoming, so every message a subclass takes with it starts with all the
messages before it."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "incoming.collect-and-get"


class async_chat(spec.async_chat):  # noqa: N801
    def _get_data(self):
        return b"".join(self.incoming)  # BUG: incoming must be emptied too
