"""Mistake: async_chat's own collect_incoming_data() silently drops the
data instead of raising NotImplementedError, so a subclass that forgot to
implement it loses its input without a word."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "class.not-implemented"


class async_chat(spec.async_chat):  # noqa: N801
    def collect_incoming_data(self, data):
        pass  # BUG: must raise NotImplementedError
