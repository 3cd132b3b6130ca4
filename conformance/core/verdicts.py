"""The verdicts a case can end in, and the exit statuses that gate a run.

Graded as Autobahn|Testsuite grades WebSocket implementations, but with the
gate built in: a pipeline reads the exit status, not a report.
"""

from enum import Enum, IntEnum
from typing import Iterable


class Verdict(str, Enum):
    """One verdict.  A ``str``, so that it is written (results file, JUnit,
    terminal, HTML) and compared exactly as its value, ``"pass"`` and the
    like; ``str()`` and ``format()`` are pinned to the value because what an
    ``Enum`` mixin prints changed between Python 3.8 and 3.12.

    Declared worst first: a case's verdict is the worst of its examples'."""

    #: The harness itself broke; the case says nothing about the target.
    HARNESS_ERROR = "harness-error"
    #: The target raised out of its loop or constructor, or killed its process.
    CRASH = "crash"
    #: The target did not finish the scenario within the case deadline.
    TIMEOUT = "timeout"
    FAIL = "fail"
    #: A recorded deviation that no longer happens: the record must go.
    UNEXPECTED_PASS = "unexpected-pass"
    #: Messages right, call granularity unlike CPython's (``--strict``: fail).
    NON_STRICT = "non-strict"
    #: A recorded deviation that still happens.
    EXPECTED_FAILURE = "expected-failure"
    #: Recorded, never judged: CPython is buggy or the behaviour is free.
    INFORMATIONAL = "informational"
    #: The target lacks an optional API (``simple_producer`` and the like).
    UNIMPLEMENTED = "unimplemented"
    PASS = "pass"

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)

    def __hash__(self) -> int:
        # As its value (str's hash, first in the MRO, already does so on
        # 3.8-3.13): a verdict read from a file must find a table's entry.
        return hash(self.value)

    @property
    def rank(self) -> int:
        """Position worst first (0: the worst), for sorting."""
        return _WORST_FIRST.index(self)

    @property
    def fails_run(self) -> bool:
        """Whether this verdict makes the run exit non-zero."""
        return self in (
            Verdict.HARNESS_ERROR,
            Verdict.CRASH,
            Verdict.TIMEOUT,
            Verdict.FAIL,
            Verdict.UNEXPECTED_PASS,
        )

    @property
    def ran(self) -> bool:
        """Whether the case really exercised the target."""
        return self not in (Verdict.UNIMPLEMENTED, Verdict.HARNESS_ERROR)


_WORST_FIRST = list(Verdict)


def worst(verdicts: Iterable[Verdict]) -> Verdict:
    return min(verdicts, key=lambda verdict: verdict.rank)


class ExitStatus(IntEnum):
    """How a run exits: the gate.  2 and 4 are pytest's own (interrupted,
    usage error); the others are decided from the verdicts.  Each member's
    ``words`` are what the terminal prints for it (``DOES NOT CONFORM``)."""

    CONFORMS = 0
    #: A failing verdict, or a recorded deviation that no longer happens.
    DOES_NOT_CONFORM = 1
    INTERRUPTED = 2
    HARNESS_ERROR = 3
    #: A bad target, option or deviations file.
    USAGE_ERROR = 4
    #: No case exercised the target (e.g. every case unimplemented).
    NOTHING_RAN = 5

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)

    @property
    def words(self) -> str:
        return self.name.replace("_", " ")
