"""Two independent mistakes in one port: push() refuses bytearray and
memoryview (rule pushing.bytes-like), and a completed integer terminator is
not reset to 0 (rule framing.count-found).  tests/test_rule_records.py
records the first and requires the second still to fail everywhere it shows.
(The leading underscore keeps it out of the one-mistake targets.)"""

from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

from .int_not_reset import async_chat as _int_not_reset
from .push_rejects_bytearray import async_chat as _push_rejects_bytearray


class async_chat(_push_rejects_bytearray, _int_not_reset):  # noqa: N801
    pass
