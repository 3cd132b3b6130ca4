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
            return "raised %s" % type(exc).__name__


def judge_calls(
    target: LoadedTarget, info: CaseInfo, checks: Callable[[], List[Tuple[str, Any, Any]]]
) -> Outcome:
    """``compare_values`` of the ``(call, expected, observed)`` triples
    ``checks()`` makes; a ``crash`` if the target's process died meanwhile."""
    try:
        made = checks()
    except Crash as exc:
        return Outcome(
            Verdict.CRASH,
            "[%s] crash: %s\ntarget: %s -- %s" % (info.id, exc, target.name, target.description),
        )
    return compare_values(target, info, made)
