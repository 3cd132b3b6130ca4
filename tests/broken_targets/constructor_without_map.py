"""Mistake: the constructor takes no map (medusa's __init__(self,
conn=None)), so the channel always registers in the global socket_map and
code that calls async_chat(sock, map) gets a TypeError."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "constructor.documented-signature"


class async_chat(spec.async_chat):  # noqa: N801
    def __init__(self, conn=None):  # BUG: the signature is (sock=None, map=None)
        spec.async_chat.__init__(self, conn)
