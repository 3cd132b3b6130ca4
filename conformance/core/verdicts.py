"""The verdicts a case can end in, and which of them fail a run.

Graded as Autobahn|Testsuite grades WebSocket implementations, but with the
gate built in: a pipeline reads the exit status, not a report.
"""

PASS = "pass"
#: Messages right, call granularity unlike CPython's (``--strict``: fail).
NON_STRICT = "non-strict"
#: Recorded, never judged: CPython is buggy or the behaviour is free.
INFORMATIONAL = "informational"
#: The target lacks an optional API (``simple_producer`` and the like).
UNIMPLEMENTED = "unimplemented"
#: A recorded deviation that still happens.
EXPECTED_FAILURE = "expected-failure"
#: A recorded deviation that no longer happens: the record must go.
UNEXPECTED_PASS = "unexpected-pass"
FAIL = "fail"
#: The target did not finish the scenario within the case deadline.
TIMEOUT = "timeout"
#: The target raised out of its loop or constructor, or killed its process.
CRASH = "crash"
#: The harness itself broke; the case says nothing about the target.
HARNESS_ERROR = "harness-error"

#: Worst first: a case's verdict is the worst of its examples'.
ORDER = (HARNESS_ERROR, CRASH, TIMEOUT, FAIL, UNEXPECTED_PASS, NON_STRICT, EXPECTED_FAILURE,
         INFORMATIONAL, UNIMPLEMENTED, PASS)
#: Verdicts that make the run exit non-zero.
FAILING = frozenset({HARNESS_ERROR, CRASH, TIMEOUT, FAIL, UNEXPECTED_PASS})
#: Verdicts that mean the case really exercised the target.
RAN = frozenset(ORDER) - {UNIMPLEMENTED, HARNESS_ERROR}

#: Exit statuses of a run beyond pytest's own (1: failed cases, 4: usage error).
EXIT_HARNESS_ERROR = 3
EXIT_NOTHING_RAN = 5


def worst(verdicts: "list[str]") -> str:
    return min(verdicts, key=ORDER.index)


def case_verdict(examples: "list[str]") -> str:
    """A case's verdict from its examples' verdicts: the worst of them, except
    that a recorded deviation is still expected while any example shows it
    (the examples that pass are simply not the deviating ones)."""
    if EXPECTED_FAILURE in examples:
        examples = [v for v in examples if v != UNEXPECTED_PASS]
    return worst(examples)
