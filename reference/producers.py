"""``simple_producer``: a byte string handed out in fixed-size pieces."""

from typing import Union

Data = Union[bytes, bytearray, memoryview, str]


class simple_producer:  # noqa: N801 - the name asynchat users import
    """Hands out ``data`` ``buffer_size`` bytes per ``more()`` call.

    The remainder is tracked by an offset, so a large payload costs linear
    time (CPython re-slices the whole remainder on every call).  As in
    CPython, ``more()`` returns ``b""`` once the data is used up -- and also
    at once when ``buffer_size`` is 0, which makes async_chat drop the
    producer with its data unsent.
    """

    def __init__(self, data: Data, buffer_size: int = 512) -> None:
        self._data = data
        self._offset = 0
        self.buffer_size = buffer_size

    @property
    def data(self) -> Data:
        """What is still to be handed out."""
        if self._offset:
            self._data = self._data[self._offset :]
            self._offset = 0
        return self._data

    @data.setter
    def data(self, value: Data) -> None:
        self._data = value
        self._offset = 0

    def more(self) -> Data:
        start, size = self._offset, self.buffer_size
        remaining = len(self._data) - start
        if remaining > size:
            self._offset = start + size
            return self._data[start : start + size]
        result = self._data[start:] if start else self._data
        self._data = b""
        self._offset = 0
        return result
