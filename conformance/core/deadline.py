"""A per-case deadline that interrupts even a target stuck in a loop, and
ends the whole case the first time it expires.

Each call into the target (a step, a helper call) has a deadline of its own,
and all of a case's calls share the case's clock (``CaseClock``): a call
gets no more than what its case has left, so a target that is slow in
every call, without hanging in any, still costs its case one deadline.

A case that timed out once is finished: Hypothesis would otherwise draw
further examples and shrink through repeated timeouts, each costing a full
deadline.  So after an expiry (or a ``timeout`` verdict from an out-of-process
target, see ``finish_case``), the next judgement or the next deadline of the
same test raises ``CaseTimedOut``, which Hypothesis does not take for a
failure and lets through at once.
"""

import importlib.util
import os
import signal
import threading
import time
import traceback
from contextlib import _GeneratorContextManager, contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import Any, Iterator, List, Optional

from . import budget, flight


class CaseDeadline(SystemExit):
    """Raised in the main thread when a case runs out of time.

    A ``SystemExit`` because asyncore's loop re-raises those instead of
    passing them to ``handle_error()``, and ``except Exception`` in target
    code does not swallow them.
    """


class CaseTimedOut(BaseException):
    """Ends a test whose case has timed out, past Hypothesis.

    Not an ``Exception``, ``SystemExit``, ``GeneratorExit`` or pytest's
    ``Failed``: Hypothesis treats only those as test failures (to replay and
    shrink); anything else it re-raises at once, ending the test.
    """


class OutOfTime(Exception):
    """A target in another process missed its deadline (its agent stopped
    it, or was killed); ``stack`` is where it was, if the agent could say.
    ``time_limit`` turns it into a ``CaseDeadline``."""

    def __init__(self, why: str = "", stack: Optional[List[str]] = None) -> None:
        super().__init__(why)
        self.why = why
        self.stack = stack or []


@dataclass
class Expired:
    """The deadline that expired, and where the target was when it did."""

    seconds: float
    #: The target's stack at that moment, formatted, innermost call last.
    stack: List[str]
    #: The driver's step it was in.
    step: str = ""
    #: Whether it was the case's clock that ran out (``seconds`` is then the
    #: case's time in all), rather than the call's own deadline.
    whole_case: bool = False
    #: What the case's earlier calls had taken of its time before this one.
    spent_before: float = 0.0

    def describe(self) -> str:
        return "".join(self.stack).rstrip("\n")


@dataclass
class CaseClock:
    """The time all of a case's calls into the target may take together,
    and what they have taken so far (its earlier tests' included)."""

    #: The case's deadline, and what it was granted since (``grant``).
    seconds: float
    spent: float = 0.0
    #: The most the run lets it reach, if the run has a deadline.
    ceiling: Optional[float] = None

    def limit(self) -> float:
        return self.seconds if self.ceiling is None else min(self.seconds, self.ceiling)

    def left(self) -> float:
        return self.limit() - self.spent

    @property
    def cut_by_run(self) -> bool:
        """Whether the run's deadline, not the case's, bounds it."""
        return self.ceiling is not None and self.ceiling < self.seconds


@dataclass
class Allotment:
    """What one call into the target may take: its own deadline, or what its
    case has left if that is less."""

    seconds: float
    whole_case: bool = False
    spent_before: float = 0.0

    def expiry(self) -> Expired:
        """The expiry of this allotment, before the stack is known."""
        seconds = _clock.limit() if self.whole_case and _clock is not None else self.seconds
        return Expired(float(seconds), [], "", self.whole_case, self.spent_before)


#: The most recent expiry in this process (reset per test by the plugin).
expired: Optional[Expired] = None
#: Set once the running test's case timed out: a reason, for ``CaseTimedOut``.
_over: Optional[str] = None
#: The running test's case clock (``None``: each call has its own deadline only).
_clock: Optional[CaseClock] = None
#: What the model has taken in this process's run (``modelled``).
_model_total = 0.0
#: How often the running test's deadlines started over for the test runner's work.
_restarts = [0]
#: The least a call is armed for, when its case has (nearly) nothing left: the
#: expiry still stops the target where it is, with its stack.
_LEAST_ALLOTMENT = 0.001


def start_case(clock: Optional[CaseClock] = None) -> None:
    """A new test begins: no expiry yet, nothing over; its calls share
    ``clock``, if given."""
    global expired, _over, _clock
    expired, _over, _clock = None, None, clock
    _restarts[0] = 0


def case_clock() -> Optional[CaseClock]:
    """The running test's case clock, if it has one."""
    return _clock


def allot(seconds: Optional[float]) -> Allotment:
    """What a call with its own deadline of ``seconds`` may take now (none
    without a deadline: the model is never cut short)."""
    if not seconds or _clock is None or _clock.left() >= seconds:
        return Allotment(seconds or 0.0)
    return Allotment(max(_clock.left(), _LEAST_ALLOTMENT), True, _clock.spent)


def grant(seconds: float) -> None:
    """The running case needs ``seconds`` more (the model found its scenario
    heavy, or a call of it has a deadline of its own by design)."""
    if _clock is not None:
        _clock.seconds += seconds


def modelled(seconds: float) -> None:
    """The model took ``seconds`` for one of the running case's scenarios (or
    steps): the case's time grows by ``budget.model_allowance`` of it, and
    the process's total (``model_total``) by it."""
    global _model_total
    _model_total += seconds
    grant(budget.model_allowance(seconds))


def model_total() -> float:
    """What the model has taken in this process since ``reset_model_total``."""
    return _model_total


def reset_model_total() -> None:
    """A new run begins."""
    global _model_total
    _model_total = 0.0


def charge(seconds: float) -> None:
    """A call into the target took ``seconds`` of its case's time."""
    if _clock is not None:
        _clock.spent += seconds


def expiry_reason(expiry: Expired) -> str:
    """The timeout's one line, as the trace and the report say it."""
    return "no verdict within %ss" % seconds_text(expiry.seconds)


def seconds_text(seconds: float) -> str:
    """``seconds`` as a reason says it (a case's time grows by fractions)."""
    return "%g" % round(seconds, 2)


def finish_case(reason: str) -> None:
    """The running test's case timed out: later deadlines end the test."""
    global _over
    _over = reason


def expired_elsewhere(allotment: Allotment, stack: List[str], step: str) -> Expired:
    """A target out of process ran out of ``allotment``: note where, as the
    in-process deadline does, and end the case."""
    global expired, _over
    expiry = allotment.expiry()
    if _over is None:
        _over = "timed out after %ss" % seconds_text(expiry.seconds)
        expiry.stack, expiry.step = stack, step
        expired = expiry
    return expiry


def case_over() -> Optional[str]:
    return _over


_NO_STEP = object()


def starting(seconds: Optional[float], step: Any = _NO_STEP) -> None:
    """A target's step begins: end it at once if its case already timed out,
    and tell the flight recorder which step it is.  (The model, with no
    deadline, is never cut short.)"""
    if _over is not None and seconds:
        raise CaseTimedOut(_over)
    if seconds and step is not _NO_STEP:
        flight.reached(step)


@contextmanager
def deadline(seconds: Optional[float], step: Any = _NO_STEP) -> Iterator[None]:
    """Raise ``CaseDeadline`` in this block after ``seconds``, or once its
    case's clock runs out if that is sooner; the block's time is charged to
    the clock.

    ``step``, the driver's step this block performs, goes to the flight
    recorder (only for a target's run: the model runs with no deadline).

    The timer repeats every 50 ms after it first fires, so a target that
    swallows the first one with a bare ``except:`` is interrupted again.
    Without SIGALRM or off the main thread there is no deadline.  Within a
    test whose case already timed out, raises ``CaseTimedOut`` at once.
    """
    starting(seconds, step)
    if not (
        seconds
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    ):
        yield
        return
    allotment = allot(seconds)
    expiry = allotment.expiry()
    armed = [True]
    began = [time.monotonic()]

    def on_alarm(signum: int, frame: Any) -> None:
        global expired, _over
        if not armed[0] or _recording[0] or _leaving(frame):
            return  # over, or a firing within a firing: the next one (50 ms on) raises
        if _over is None and _restarts[0] < _RESTARTS and _in_runner_code(frame):
            # The test runner's own work inside the step (pytest reporting an
            # object a collection freed, importing what that needs): not the
            # target's time, and no place to raise.  The step starts over,
            # uncharged, a bounded number of times in a test: runner work
            # that never ends is a hang.
            _restarts[0] += 1
            began[0] = time.monotonic()
            signal.setitimer(signal.ITIMER_REAL, allotment.seconds, 0.05)
            return
        if _over is None:  # the first firing: remember where the target was
            _over = "timed out after %ss" % seconds_text(expiry.seconds)
            _recording[0] = True
            try:
                expiry.stack, expiry.step = target_stack(frame), flight.where()
                expired = expiry
            finally:
                _recording[0] = False
        raise CaseDeadline(expiry_reason(expiry))

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, allotment.seconds, 0.05)
    try:
        yield
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        charge(time.monotonic() - began[0])


#: Set while the handler records where the target was.  On a loaded machine
#: that can take longer than the 50 ms between firings: a firing within it
#: must neither raise out of the recording nor record again (nesting without
#: end, until a ``RecursionError`` ends the case as a ``crash``).
_recording = [False]


def _leaving(frame: Any) -> bool:
    """Whether ``frame`` is the deadline's own way out of its block.

    A ``CaseDeadline`` raised there would skip the clean-up: the timer would
    go on firing, in the harness, after the block (a case whose target ran
    out of time would end in an error of the harness).  The block is being
    left anyway, so nothing is lost by letting the firing pass."""
    code = getattr(frame, "f_code", None)
    if code is _DEADLINE_CODE:
        return True
    if code is _CONTEXT_EXIT_CODE:
        gen = getattr(frame.f_locals.get("self"), "gen", None)
        return getattr(gen, "gi_code", None) is _DEADLINE_CODE
    return False


#: How often a test's deadlines may start over for the test runner's own work.
_RESTARTS = 3


def _in_runner_code(frame: Any) -> bool:
    """Whether ``frame`` runs on behalf of the test runners (pytest, pluggy,
    Hypothesis) called from inside a step, rather than target code: a
    runner's frame comes before any frame of other code, going outwards.
    The standard library's and the import system's frames say nothing
    either way (the runner imports, the target calls sockets)."""
    while frame is not None:
        filename = frame.f_code.co_filename
        path = os.path.abspath(filename)
        if path.startswith(_RUNNERS):
            return True
        in_stdlib = path.startswith(_STDLIB) and "-packages" + os.sep not in path
        if not (filename.startswith("<") or in_stdlib):
            return False  # target code, the harness, or a test
        frame = frame.f_back
    return False


_DEADLINE_CODE = deadline.__wrapped__.__code__  # type: ignore[attr-defined]
_CONTEXT_EXIT_CODE = _GeneratorContextManager.__exit__.__code__


def _home(module: str) -> Optional[str]:
    """The folder of top-level package ``module``, found without importing it
    (the core imports no test runner)."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.origin:
        return None
    return os.path.dirname(os.path.abspath(spec.origin)) + os.sep


#: The installed package; its ``targets`` (the ports' adapters) run as target code.
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
_TARGETS = os.path.join(_PACKAGE, "targets") + os.sep
#: The code of the test runners around the harness.
_RUNNERS = tuple(home for home in map(_home, ("_pytest", "pluggy", "hypothesis")) if home)
#: The standard library (site-packages, where ports live, is not part of it).
_STDLIB = os.path.dirname(os.path.abspath(os.__file__)) + os.sep


def harness_code(filename: str) -> bool:
    """Whether ``filename`` is the harness's own code: an exception from
    there is the harness's error, not the target's crash."""
    path = os.path.abspath(filename)
    return path.startswith(_PACKAGE) and not path.startswith(_TARGETS)


def target_stack(frame: Optional[FrameType], limit: int = 30) -> List[str]:
    """``frame``'s stack from where the harness called into the target.

    The frames before the last step from harness code into other code
    (pytest, Hypothesis, the driver) say nothing about the target.
    """
    frames: List[traceback.FrameSummary] = traceback.extract_stack(frame)
    start = 0
    for index in range(len(frames) - 1):
        after = os.path.abspath(frames[index + 1].filename)
        if harness_code(frames[index].filename) and not (
            harness_code(after) or after.startswith(_RUNNERS)
        ):
            start = index
            break
    frames = frames[start:]
    if len(frames) > limit:
        frames = frames[:3] + frames[-(limit - 3) :]
    return traceback.format_list(frames)
