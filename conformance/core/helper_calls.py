"""Calling a target's module-level helpers (``find_prefix_at_end``,
``simple_producer``) directly, as the helper cases do: each call under the
case deadline, like every other call into target code, in process or out.

What a call raises is an observation ("raised TypeError"), compared like a
value; running out of time is not -- ``CaseDeadline`` ends the case as a
``timeout`` with the target's stack -- and neither is losing the process the
target runs in, which is a ``crash``.
"""

from typing import Any, Callable, List, Optional, Tuple

from .caseinfo import CaseInfo
from .channel import raised_name
from .comparison import compare_values
from .deadline import OutOfTime
from .driver import Crash, LoadedTarget
from .judge import Outcome
from .verdicts import Verdict


class HelperCall:
    """One direct call, as the flight recorder and a timeout name it."""

    def __init__(self, text: str) -> None:
        self.text = text

    def describe(self) -> str:
        return "calling %s" % self.text


def observe(
    target: LoadedTarget,
    seconds: Optional[float],
    text: str,
    function: Callable[..., Any],
    *args: Any,
) -> Any:
    """``function(*args)``'s value, or ``"raised NAME"``, within ``seconds``."""
    with target.time_limit(seconds, HelperCall(text)):
        try:
            return function(*args)
        except (Crash, OutOfTime):
            raise  # the process or the deadline, not the helper's answer
        except Exception as exc:
            return "raised %s" % raised_name(type(exc))


class Comparing:
    """Comparing and printing what direct calls returned: the values are the
    target's objects, whose ``==`` and ``repr()`` are its code too."""

    def __init__(self, calls: List[str]) -> None:
        self.calls = calls

    def describe(self) -> str:
        more = " (and %d more calls)" % (len(self.calls) - 1) if len(self.calls) > 1 else ""
        return "comparing what %s returned%s with the reference's" % (self.calls[0], more)


def judge_calls(
    target: LoadedTarget,
    info: CaseInfo,
    checks: Callable[[], List[Tuple[str, Any, Any]]],
    seconds: Optional[float] = None,
) -> Outcome:
    """``compare_values`` of the ``(call, expected, observed)`` triples
    ``checks()`` makes, within ``seconds``; a ``crash`` if the target's
    process died meanwhile."""
    try:
        made = checks()
    except Crash as exc:
        return Outcome(
            Verdict.CRASH,
            "[%s] crash: %s\ntarget: %s -- %s" % (info.id, exc, target.name, target.description),
        )
    if not made:
        return compare_values(target, info, made)
    with target.time_limit(seconds, Comparing([call for call, _, _ in made])):
        return compare_values(target, info, made)
