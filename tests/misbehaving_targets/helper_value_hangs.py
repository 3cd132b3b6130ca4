"""Its module-level find_prefix_at_end() returns at once, but what it returns
never finishes comparing or printing itself: an int whose ``==``, ``!=`` and
``repr()`` loop.  Only a harness that compares and prints the target's values
under the case deadline ends that case."""

from ._portable import base_chat as async_chat  # noqa: F401
from ._portable import base_find_prefix_at_end, spin


class EndlessInt(int):
    def __eq__(self, other):
        spin()

    def __ne__(self, other):
        spin()

    def __repr__(self):
        spin()

    __hash__ = int.__hash__


def find_prefix_at_end(haystack, needle):
    return EndlessInt(base_find_prefix_at_end(haystack, needle))
