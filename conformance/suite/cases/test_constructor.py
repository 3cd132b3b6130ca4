"""The constructor, ``async_chat(sock=None, map=None)``: each documented call
of it made on the target's own class and compared with the reference.

The rest of the suite builds channels however the target allows
(``loader.AsyncoreLoop.make``), so a constructor that cannot take the
documented arguments fails here, with its signature, and is still judged on
its behaviour everywhere else.
"""

from typing import Any, List, Optional, Tuple

from asynchat_conformance.core.caseinfo import CaseInfo
from asynchat_conformance.core.channel import raised_name
from asynchat_conformance.core.driver import LoadedTarget
from asynchat_conformance.core.helper_calls import judge_calls, observe
from asynchat_conformance.core.loader import CONSTRUCTOR_CALLS, construct
from asynchat_conformance.suite.plugin import judge
from asynchat_conformance.suite.registry import case
from asynchat_reference.spec import async_chat as spec_chat


def _passes_map(call: str) -> bool:
    positional, keywords = CONSTRUCTOR_CALLS[call]
    return "map" in positional or "map" in keywords.values()


#: The calls each case makes: those that leave the map to its default, and
#: those that pass one.
DEFAULTED_CALLS = tuple(call for call in CONSTRUCTOR_CALLS if not _passes_map(call))
MAP_CALLS = tuple(call for call in CONSTRUCTOR_CALLS if _passes_map(call))


def _judge_calls(
    target: LoadedTarget,
    info: CaseInfo,
    seconds: Optional[float],
    request: Any,
    calls: Tuple[str, ...],
) -> None:
    def checks() -> List[Tuple[str, Any, Any]]:
        return [
            (
                call,
                construct(spec_chat, call, raised_name),
                observe(target, seconds, call, target.construct, call),
            )
            for call in calls
        ]

    judge(request.node, judge_calls(target, info, checks))


@case(
    "constructor.defaults",
    "async_chat() builds a channel with no socket, unconnected and in no map; async_chat(sock) "
    "registers it in its module's global socket_map.",
    api="async_chat",
)
def test_constructor_defaults(conformance_target, conformance_case, case_deadline, request):
    _judge_calls(conformance_target, conformance_case, case_deadline, request, DEFAULTED_CALLS)


@case(
    "constructor.documented-signature",
    "async_chat(sock, map), async_chat(sock, map=map) and async_chat(sock=sock, map=map) build a "
    "connected channel on sock, registered in map.",
    api="async_chat",
)
def test_constructor_signature(conformance_target, conformance_case, case_deadline, request):
    _judge_calls(conformance_target, conformance_case, case_deadline, request, MAP_CALLS)
