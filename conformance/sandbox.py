"""Process-wide state a target may change, put back after every scenario.

A target runs in the harness's own process, so a target that sets a socket
default timeout, changes warnings filters, registers channels in its global
socket map or swaps ``sys.stdout`` would otherwise change every case after
it.  Crashes of the whole process are another matter: run with ``-n`` (xdist)
or ``--forked`` to get a ``crash`` verdict and go on.  Without either, a
target calling ``os._exit()`` at least leaves a line naming the case.
"""

import os
import signal
import socket
import sys
import warnings
from contextlib import contextmanager
from typing import Any, Iterator, List


#: The node id of the case running now, set by the plugin; named when a
#: target ends the process.
current_case = ""


def _to_stderr(line: str) -> None:
    sys.__stderr__.write(line + "\n")
    sys.__stderr__.flush()


#: How to say it; the plugin routes it past pytest's output capture.
announce = _to_stderr


@contextmanager
def sandbox(modules: List[Any] = ()) -> Iterator[None]:
    """Restore global state on exit; ``modules`` are asyncore-like modules
    whose ``socket_map`` must come back as it was."""
    timeout = socket.getdefaulttimeout()
    streams = (sys.stdout, sys.stderr)
    alarm = signal.getsignal(signal.SIGALRM) if hasattr(signal, "SIGALRM") else None
    maps = [(m.socket_map, dict(m.socket_map)) for m in modules if isinstance(getattr(m, "socket_map", None), dict)]
    real_exit = os._exit

    def announced_exit(status: int) -> None:
        announce("asynchat-conformance: the target called os._exit(%r) during %s"
                 % (status, current_case or "a scenario"))
        real_exit(status)

    os._exit = announced_exit
    with warnings.catch_warnings():
        try:
            yield
        finally:
            os._exit = real_exit
            socket.setdefaulttimeout(timeout)
            sys.stdout, sys.stderr = streams
            if alarm is not None and signal.getsignal(signal.SIGALRM) is not alarm:
                signal.signal(signal.SIGALRM, alarm)
            for live, saved in maps:
                if live != saved:
                    live.clear()
                    live.update(saved)
