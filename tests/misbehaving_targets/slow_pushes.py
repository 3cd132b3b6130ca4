"""Never hangs, but every push() and push_with_producer() takes 0.3 s: no
single call comes near a deadline, yet a case that pushes in each of its
examples (the state cases, the properties) would cost its examples' count
times that.  Its cases' own deadlines, and the run's, must bound it."""

import time

from ._portable import base_chat
from ._portable import base_find_prefix_at_end as find_prefix_at_end  # noqa: F401
from ._portable import base_simple_producer as simple_producer  # noqa: F401

#: What every push takes.
SLOW = 0.3


class async_chat(base_chat):
    def push(self, data):
        time.sleep(SLOW)
        base_chat.push(self, data)

    def push_with_producer(self, producer):
        time.sleep(SLOW)
        base_chat.push_with_producer(self, producer)
