"""The reference, re-exported so each module only overrides what it breaks."""

from reference import async_chat as base_chat  # noqa: F401
from reference import find_prefix_at_end, simple_producer  # noqa: F401
