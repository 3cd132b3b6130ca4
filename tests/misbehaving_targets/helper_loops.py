"""A module-level find_prefix_at_end() that never returns when the haystack
ends with a proper prefix of the needle (as a decompiled copy's loop does):
the channel frames with its own code, so only the helper case meets it."""

from ._portable import base_chat as async_chat  # noqa: F401


def find_prefix_at_end(haystack, needle):
    length = len(needle) - 1
    while length and not haystack.endswith(needle[:length]):
        length -= 1
    while length:  # the loop's step was lost: it never moves on
        pass
    return length
