"""Process-wide state a target may change, put back after every scenario.

A target runs in the harness's own process, so a target that sets a socket
default timeout, changes warnings filters, registers channels in its global
socket map or swaps ``sys.stdout`` would otherwise change every case after
it.  Crashes of the whole process are another matter: run with ``-n`` (xdist)
or ``--forked`` for those.
"""

import signal
import socket
import sys
import warnings
from contextlib import contextmanager
from typing import Any, Iterator, List


@contextmanager
def sandbox(modules: List[Any] = ()) -> Iterator[None]:
    """Restore global state on exit; ``modules`` are asyncore-like modules
    whose ``socket_map`` must come back as it was."""
    timeout = socket.getdefaulttimeout()
    streams = (sys.stdout, sys.stderr)
    alarm = signal.getsignal(signal.SIGALRM) if hasattr(signal, "SIGALRM") else None
    maps = [(m.socket_map, dict(m.socket_map)) for m in modules if isinstance(getattr(m, "socket_map", None), dict)]
    with warnings.catch_warnings():
        try:
            yield
        finally:
            socket.setdefaulttimeout(timeout)
            sys.stdout, sys.stderr = streams
            if alarm is not None and signal.getsignal(signal.SIGALRM) is not alarm:
                signal.signal(signal.SIGALRM, alarm)
            for live, saved in maps:
                if live != saved:
                    live.clear()
                    live.update(saved)
