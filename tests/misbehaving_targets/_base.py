"""The reference, re-exported so each module only overrides what it breaks."""

from asynchat_reference import async_chat as base_chat  # noqa: F401
from asynchat_reference import find_prefix_at_end, simple_producer  # noqa: F401


def spin_swallowing_everything() -> None:
    """Loop for ever, swallowing every exception a deadline raises (a bare
    ``except:``): only a deadline that fires again and again ends it."""
    while True:
        try:
            pass
        except BaseException:
            pass
