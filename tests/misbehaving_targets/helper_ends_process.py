"""Its module-level find_prefix_at_end() ends the process it runs in: out of
process, the agent dies under a helper case."""

import os

from ._portable import base_chat as async_chat  # noqa: F401


def find_prefix_at_end(haystack, needle):
    os._exit(3)
