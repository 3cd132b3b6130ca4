"""No mistake: the specification's channel, which every broken target
subclasses, unchanged.

The conformance suite must pass on this module; otherwise a broken target's
rejection could come from what it shares rather than from its own mistake.
"""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401


class async_chat(spec.async_chat):  # noqa: N801
    pass
