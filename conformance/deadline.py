"""A per-case deadline that interrupts even a target stuck in a loop."""

import signal
import threading
from contextlib import contextmanager
from typing import Iterator, Optional


class CaseDeadline(SystemExit):
    """Raised in the main thread when a case runs out of time.

    A ``SystemExit`` because asyncore's loop re-raises those instead of
    passing them to ``handle_error()``, and ``except Exception`` in target
    code does not swallow them.
    """


@contextmanager
def deadline(seconds: Optional[float]) -> Iterator[None]:
    """Raise ``CaseDeadline`` in this block after ``seconds``.

    The timer repeats every 50 ms after it first fires, so a target that
    swallows the first one with a bare ``except:`` is interrupted again.
    Without SIGALRM or off the main thread there is no deadline.
    """
    usable = (
        seconds
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return
    armed = [True]

    def on_alarm(signum: int, frame: object) -> None:
        if armed[0]:
            raise CaseDeadline("no verdict within %gs" % seconds)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.05)
    try:
        yield
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
