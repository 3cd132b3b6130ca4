"""A simple_producer whose more() loops for ever once its data is used up
(a ``while`` where an ``if`` belonged): the helper case that calls more()
to the end and every case that pushes one hang there."""

from ._portable import base_chat as async_chat  # noqa: F401


class simple_producer:
    def __init__(self, data, buffer_size=512):
        self.data, self.buffer_size = data, buffer_size

    def more(self):
        while not self.data:
            pass
        result, self.data = self.data[: self.buffer_size], self.data[self.buffer_size :]
        return result
