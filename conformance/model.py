"""The reference model: the expected trace of a scenario, with no sockets.

It is the reference ``async_chat`` -- the same framing and output code the
``reference`` target runs -- driven through an in-memory wire whose peer
reads everything at once.  Being deterministic, it needs no deadline.
"""

from functools import lru_cache

from .driver import drive
from .scenario import Scenario
from .target import Target, from_module
from .trace import Trace
from .wire import MemoryWire


@lru_cache(maxsize=1)
def reference_target() -> Target:
    return from_module("reference", name="reference-model")


def expected_trace(scenario: Scenario) -> Trace:
    return drive(reference_target(), scenario, MemoryWire(read_size=scenario.peer_read_size),
                 seconds=None)
