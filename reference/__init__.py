"""A clean-room reference ``async_chat``, usable as a drop-in ``asynchat``.

``import asynchat_reference as asynchat`` gives the names existing code uses: the
fast path, whose rules live, without sockets, in ``asynchat_reference.framing``
(input) and ``asynchat_reference.output`` (sending), wired to asyncore by
``asynchat_reference.chat``.  ``asynchat_reference.spec`` states the same rules
one method each, to be read; tests/ hold the two together.
"""

from .chat import async_chat
from .framing import find_prefix_at_end
from .producers import simple_producer

__all__ = ["async_chat", "simple_producer", "find_prefix_at_end"]
__version__ = "0.1.0"
