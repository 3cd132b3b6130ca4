"""Conforms, but changes process-wide state on every channel it makes:
socket default timeout, warnings filters, standard output, and asyncore's
global socket map."""

import asyncore  # the module the reference is built on (the loader silences its warning)
import socket
import sys
import warnings

from ._base import base_chat, find_prefix_at_end, simple_producer  # noqa: F401


class _Junk:
    def readable(self):
        raise RuntimeError("a stray channel in the global map")

    writable = readable


class async_chat(base_chat):
    def __init__(self, sock=None, map=None):
        super().__init__(sock, map)
        socket.setdefaulttimeout(0.0001)
        warnings.simplefilter("error")
        sys.stdout = None
        asyncore.socket_map[-999] = _Junk()
