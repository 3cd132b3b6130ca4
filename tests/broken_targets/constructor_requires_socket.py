"""Mistake: the constructor's socket is required, so async_chat() with no
arguments -- an unconnected channel, to be connected later -- raises
TypeError."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "constructor.defaults"


class async_chat(spec.async_chat):  # noqa: N801
    def __init__(self, sock, map=None):  # noqa: A002 - BUG: sock defaults to None
        spec.async_chat.__init__(self, sock, map)
