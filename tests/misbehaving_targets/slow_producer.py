"""A simple_producer whose more() takes 0.4 s per call, right, and never
hangs: most of a 0.5 s deadline each time.  The helper case calls more()
hundreds of times (one byte a piece), so only a deadline that bounds the
whole case, not each call, ends it in time."""

import time

from ._portable import base_chat as async_chat  # noqa: F401
from ._portable import base_find_prefix_at_end as find_prefix_at_end  # noqa: F401
from ._portable import base_simple_producer

#: What every more() takes.
SLOW = 0.4


class simple_producer(base_simple_producer):
    def more(self):
        time.sleep(SLOW)
        return base_simple_producer.more(self)
