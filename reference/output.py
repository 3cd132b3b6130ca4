"""The output side of async_chat, with no sockets: what to send next.

``producer_fifo`` holds, in order, byte blocks, *producers* (objects with a
``more()`` method that return ``b""`` when exhausted) and ``None``, the mark
``close_when_done()`` leaves.  Each send attempt takes one block from the head:

* a producer at the head is asked for ``more()`` until it yields data, which
  goes in front of it; an exhausted producer is dropped;
* ``None`` at the head means "close now": everything before it has been sent;
* an empty block is dropped and ends the attempt without sending;
* otherwise at most ``limit`` bytes of the head block are offered to
  ``send()``, and whatever ``send()`` did not take stays at the head.

A producer is told from a block the way CPython tells them: blocks slice,
producers raise ``TypeError`` when sliced.
"""

from collections import deque
from typing import Any, Deque, Union

#: ``next_block()`` result: the close mark reached the head of the queue.
CLOSE = "close"
#: ``next_block()`` result: an empty block was dropped; nothing to send now.
NOTHING = "nothing"


class OutputQueue:
    """``producer_fifo`` and the rules for taking the next block from it."""

    def __init__(self) -> None:
        self.fifo: Deque[Any] = deque()

    def __len__(self) -> int:
        return len(self.fifo)

    def push(self, data: Union[bytes, bytearray, memoryview], limit: int) -> None:
        """Queue a block, split so that no entry exceeds ``limit`` bytes."""
        if len(data) > limit:
            self.fifo.extend(data[i:i + limit] for i in range(0, len(data), limit))
        else:
            self.fifo.append(data)

    def next_block(self, limit: int) -> Any:
        """The bytes to offer ``send()`` next, or ``CLOSE`` or ``NOTHING``.

        Call only while the queue is non-empty.  ``CLOSE`` and ``NOTHING`` have
        already been taken off the queue; a block stays until ``sent()``.
        """
        fifo = self.fifo
        while fifo:
            head = fifo[0]
            if not head:
                fifo.popleft()
                return CLOSE if head is None else NOTHING
            try:
                return head[:limit]
            except TypeError:
                data = head.more()
                if data:
                    fifo.appendleft(data)
                else:
                    fifo.popleft()
        return NOTHING

    def sent(self, count: int) -> None:
        """``send()`` took ``count`` bytes of the head block."""
        if count:
            head = self.fifo[0]
            if count >= len(head):
                self.fifo.popleft()
            else:
                self.fifo[0] = head[count:]
