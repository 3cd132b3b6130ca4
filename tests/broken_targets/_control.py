"""No mistake: the shared plumbing of the broken targets, unchanged.

The conformance suite must pass on this module; otherwise a broken target's
rejection could come from the plumbing rather than from its own mistake.
"""

from ._base import Channel, find_prefix_at_end, simple_producer  # noqa: F401


class async_chat(Channel):  # noqa: N801
    pass
