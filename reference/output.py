"""The output side of async_chat, with no sockets: what to send next.

This is the fast path; ``asynchat_reference.spec.async_chat`` states the same
rules one method each, and tests/ holds this module (with ``chat``'s inlined
send) to it.

``producer_fifo`` holds, in order, byte blocks, *producers* (objects with a
``more()`` method that return ``b""`` when exhausted) and ``None``, the mark
``close_when_done()`` leaves.  ``push()`` queues a block, split so that no
entry exceeds ``ac_out_buffer_size``, and makes one send attempt at once; so
does every writable event.  Each send attempt takes one block from the head:

* a producer at the head is asked for ``more()`` until it yields data, which
  goes in front of it; an exhausted producer is dropped (the channel checks
  between two ``more()`` calls that it is still connected);
* ``None`` at the head means "close now": everything before it has been sent;
* an empty block is dropped and ends the attempt without sending (CPython
  goes on to offer ``send()`` the empty block; that differs only once the
  peer has gone, where CPython's zero-byte send fails with EPIPE and closes
  the channel in this attempt rather than at the next read);
* otherwise at most ``limit`` bytes of the head block are offered to
  ``send()``, and whatever ``send()`` did not take stays at the head.

A producer is told from a block the way CPython tells them: blocks slice,
producers raise ``TypeError`` when sliced.

Large ``bytes`` are not copied piece by piece: a push longer than the limit
is queued as ``memoryview`` slices of it, a ``bytes`` block longer than the
limit is replaced by a ``memoryview`` of itself when it reaches the head, so
its remainder after each send is a view too, and so is what a send leaves
of a block longer than ``COPY_LIMIT`` (a large ``ac_out_buffer_size``).  Such entries have the
length, truthiness and contents (``==``, ``bytes()``, ``b"".join()``) of the
bytes CPython would queue, and ``send()`` is offered the same bytes (as a
memoryview).  Mutable blocks (``bytearray``) are sliced -- copied -- as in
CPython, so changing one after pushing it does not change what is sent.
"""

from collections import deque
from typing import Any, Deque, Iterable, Union

Block = Union[bytes, bytearray, memoryview]

#: ``step()``/``next_block()`` result: the close mark reached the head of the queue.
CLOSE = "close"
#: ``step()``/``next_block()`` result: an empty block was dropped, or the
#: queue ran dry; nothing to send in this attempt.
NOTHING = "nothing"
#: ``step()`` result: a producer was asked for ``more()``; look at the head again.
AGAIN = "again"
#: What ``send()`` leaves of a ``bytes`` block up to this long is sliced
#: (copied) back to the head of the queue; more waits as a ``memoryview``.
COPY_LIMIT = 65536


def split(data: Block, limit: int) -> Iterable[Block]:
    """The entries ``push(data)`` queues when ``data`` is longer than ``limit``."""
    if type(data) is bytes:
        data = memoryview(data)
    return (data[i : i + limit] for i in range(0, len(data), limit))


class OutputQueue:
    """``producer_fifo`` and the rules for taking the next block from it."""

    __slots__ = ("fifo",)

    def __init__(self) -> None:
        self.fifo: Deque[Any] = deque()

    def __len__(self) -> int:
        return len(self.fifo)

    def push(self, data: Block, limit: int) -> None:
        """Queue a block, split so that no entry exceeds ``limit`` bytes."""
        if len(data) > limit:
            self.fifo.extend(split(data, limit))
        else:
            self.fifo.append(data)

    def step(self, limit: int) -> Any:
        """One step towards the next block; call only while the queue is
        non-empty.

        Returns the bytes to offer ``send()`` (the block stays at the head
        until ``sent()``), ``CLOSE`` or ``NOTHING`` (already taken off the
        queue), or ``AGAIN`` after asking a producer for ``more()``.
        """
        fifo = self.fifo
        head = fifo[0]
        if type(head) is bytes:
            if len(head) <= limit:
                if head:
                    return head
            else:
                fifo[0] = view = memoryview(head)
                return view[:limit]
        if not head:
            del fifo[0]
            if head is None:
                return CLOSE
            return NOTHING
        # Slicing tells a block from a producer; a type that cannot be
        # subscripted at all is a producer without raising (which is slow).
        if hasattr(type(head), "__getitem__"):
            try:
                block = head[:limit]
            except TypeError:
                pass
            else:
                return block
        data = head.more()
        fifo = self.fifo  # more() may have replaced producer_fifo
        if data:
            fifo.appendleft(data)
        else:
            del fifo[0]
        return AGAIN

    def next_block(self, limit: int) -> Any:
        """The bytes to offer ``send()`` next, or ``CLOSE`` or ``NOTHING``:
        ``step()`` until it has an answer."""
        while self.fifo:
            block = self.step(limit)
            if block is not AGAIN:
                return block
        return NOTHING

    def sent(self, head: Any, count: int, offered: int, limit: int) -> None:
        """``send()`` took ``count`` of the ``offered`` bytes cut from
        ``head`` under ``limit``.  The rest is cut from ``head`` as it was
        when offered: a send() that pushed may have sent from, and changed,
        the entry now at the head of the queue.  A rest is kept even when
        empty, unless the whole entry went out in one block, as in CPython."""
        if count:
            fifo = self.fifo
            if count >= offered and len(head) <= limit:
                del fifo[0]
            else:
                fifo[0] = head[count:]
