"""Mistake: the constructor's socket is required, so async_chat() with no
arguments -- an unconnected channel, to be connected later -- raises
TypeError."""

from ._base import Channel, find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "constructor.defaults"


class async_chat(Channel):  # noqa: N801
    def __init__(self, sock, map=None):  # noqa: A002 - BUG: sock defaults to None
        Channel.__init__(self, sock, map)
