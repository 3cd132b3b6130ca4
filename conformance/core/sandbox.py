"""What a target run in the harness's own process may do to the harness
itself, beyond what ``channel.GlobalState`` puts back after every channel
(socket default timeout, warnings filters, standard streams, socket maps).

A target that replaces the ``SIGALRM`` handler would disable the deadline
of every case after it: it is put back after every scenario.  Crashes of
the whole process are another matter: the cases run in an xdist worker by
default (``isolation``), whose death gives a ``crash`` verdict and the run
goes on.  With ``-n 0``, a target calling ``os._exit()`` at least leaves a
line naming the case.
"""

import os
import signal
import sys
from contextlib import contextmanager
from typing import Iterator, NoReturn, TextIO, cast

#: The node id of the case running now, set by the plugin; named when a
#: target ends the process.
current_case = ""


def _to_stderr(line: str) -> None:
    # The harness runs with a standard error (it is None only under pythonw).
    stream = cast(TextIO, sys.__stderr__)
    stream.write(line + "\n")
    stream.flush()


#: How to say it; the plugin routes it past pytest's output capture.
announce = _to_stderr


@contextmanager
def sandbox() -> Iterator[None]:
    """Announce an ``os._exit()`` in this block; restore ``SIGALRM``'s handler on exit."""
    alarm = signal.getsignal(signal.SIGALRM) if hasattr(signal, "SIGALRM") else None
    real_exit = os._exit

    def announced_exit(status: int) -> NoReturn:
        announce(
            "asynchat-conformance: the target called os._exit(%r) during %s"
            % (status, current_case or "a scenario")
        )
        real_exit(status)

    os._exit = announced_exit
    try:
        yield
    finally:
        os._exit = real_exit
        if alarm is not None and signal.getsignal(signal.SIGALRM) is not alarm:
            signal.signal(signal.SIGALRM, alarm)
