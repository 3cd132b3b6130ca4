"""Mistake: after a partial send() the head block is left as it was, so the
next send attempt offers the whole block again and the peer receives its
first part twice."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "push.partial-send"


class async_chat(spec.async_chat):  # noqa: N801
    def keep_unsent(self, rest):
        pass  # BUG: a partial send should replace the head with the rest
