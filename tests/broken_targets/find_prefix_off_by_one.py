"""Mistake: find_prefix_at_end() never tries a one-byte prefix (its loop
stops one short), so e.g. a trailing b"\\r" of b"\\r\\n" is not reported."""

from asynchat_reference import spec
from asynchat_reference.spec import simple_producer  # noqa: F401

REJECTED_BY = "find-prefix-at-end"


def find_prefix_at_end(haystack, needle):
    for length in range(len(needle) - 1, 1, -1):  # BUG: should stop at 1, not 2
        if haystack.endswith(needle[:length]):
            return length
    return 0


class async_chat(spec.async_chat):  # noqa: N801
    pass
