"""What a conformance case is: a stable id, one sentence of behaviour, its API.

Plain data the comparison needs (the view, whether the case is judged), kept
apart from the ``@case`` registry so that judging needs no pytest.
"""

from dataclasses import dataclass
from typing import Tuple

from .verdicts import Verdict

DOCS = "https://docs.python.org/3.11/library/asynchat.html"
#: Documented names; other API references point at CPython's asynchat.py.
DOCUMENTED = {
    "async_chat",
    "async_chat.ac_in_buffer_size",
    "async_chat.ac_out_buffer_size",
    "async_chat.close_when_done",
    "async_chat.collect_incoming_data",
    "async_chat.discard_buffers",
    "async_chat.found_terminator",
    "async_chat.get_terminator",
    "async_chat.push",
    "async_chat.push_with_producer",
    "async_chat.set_terminator",
}
SOURCE = "https://github.com/python/cpython/blob/3.11/Lib/asynchat.py"


@dataclass(frozen=True)
class CaseInfo:
    id: str
    statement: str
    api: str
    #: Which trace view must match: "calls" (exact) or "messages".
    view: str = "calls"
    #: Records what the target does without judging it (CPython is buggy or
    #: the behaviour is implementation-defined there).
    informational: bool = False
    #: The API is optional: a target without it is ``unimplemented``.
    optional: bool = False
    #: Rules (``asynchat_reference.rules``) the case checks without running the model
    #: -- a value-level case; cases that run scenarios learn theirs from it.
    rules: Tuple[str, ...] = ()

    @property
    def verdicts(self) -> Tuple[Verdict, ...]:
        """The verdicts this case can give (besides timeout, crash and
        harness errors, which any case can meet)."""
        if self.informational:
            return (Verdict.INFORMATIONAL,) + ((Verdict.UNIMPLEMENTED,) if self.optional else ())
        found = [Verdict.PASS, Verdict.FAIL, Verdict.EXPECTED_FAILURE]
        if self.view == "messages":
            found.append(Verdict.NON_STRICT)
        if self.optional:
            found.append(Verdict.UNIMPLEMENTED)
        return tuple(found)

    @property
    def reference(self) -> str:
        """Where the behaviour is specified."""
        if self.api in DOCUMENTED:
            return "%s#asynchat.%s" % (DOCS, self.api)
        return "%s (%s, not in the library docs)" % (SOURCE, self.api)
