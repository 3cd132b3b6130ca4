"""The base of the misbehaving targets that also run out of process on
Python 2.7: the reference where it is installed, CPython's own asynchat
elsewhere (2.7's classes are old-style, so these call their base by name,
never through super())."""

try:
    import asynchat_reference as chat
except (ImportError, SyntaxError):  # Python 2.7: the reference is not installed there
    import asynchat as chat  # type: ignore[no-redef]  # Python 2.7's, where this runs

base_chat = chat.async_chat
base_simple_producer = chat.simple_producer
base_find_prefix_at_end = chat.find_prefix_at_end


def spin():
    """Loop for ever in pure Python; only a deadline that interrupts ends it."""
    while True:
        pass
