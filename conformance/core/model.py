"""The reference model: the expected trace of a scenario, with no sockets.

It is the reference ``async_chat`` framing by its readable rules
(``asynchat_reference.spec``), driven through an in-memory wire whose peer reads
everything at once.  While it runs it listens to ``asynchat_reference.rules``, so the
expected trace also says which rules the scenario exercised and where --
what a recorded deviation is matched against.  Being deterministic, it
needs no deadline.

A port's recorded deviations name variants of the rules
(``variants.Variant``); the model then plays those instead of the rules.
"""

import copy
from functools import lru_cache
from typing import Any, Callable, Optional, Tuple

from asynchat_reference import rules

from .driver import LocalTarget, Session, from_module, play
from .sandbox import sandbox
from .scenario import Scenario
from .traces import Firing, Trace
from .variants import Variant, model_class
from .wire import MemoryWire


@lru_cache(maxsize=1)
def reference_target() -> LocalTarget:
    return from_module("asynchat_reference.spec", name="reference-model")


@lru_cache(maxsize=None)
def model_target(variants: Tuple[Variant, ...] = ()) -> LocalTarget:
    """The model as a target: the spec channel, playing ``variants``."""
    plain = reference_target()
    if not variants:
        return plain
    loaded = copy.copy(plain.loaded)
    loaded.chat = model_class(variants)
    names = ", ".join(sorted("%s/%s" % (v.rule, v.name) for v in variants))
    return LocalTarget("reference-model[%s]" % names, loaded, version=plain.version)


class ModelSession:
    """A driver session on the model that notes the rules each step fires."""

    def __init__(self, scenario: Scenario, variants: Tuple[Variant, ...] = ()) -> None:
        self.wire = MemoryWire(read_size=scenario.peer_read_size)
        self.session = Session(model_target(tuple(variants)), scenario, self.wire)

    @property
    def trace(self) -> Trace:
        return self.session.trace

    def start(self, seconds: Optional[float] = None) -> bool:
        return self._noting_rules(lambda: self.session.start(None))

    def step(self, step: Any, seconds: Optional[float] = None) -> bool:
        return self._noting_rules(lambda: self.session.step(step, None))

    def finish(self, seconds: Optional[float] = None) -> bool:
        return self._noting_rules(lambda: self.session.finish(None))

    def _noting_rules(self, action: Callable[[], bool]) -> bool:
        """``action``, the rules it fires noted.  The model has no deadline."""
        previous, rules.observer = rules.observer, self._fired
        try:
            return action()
        finally:
            rules.observer = previous

    def close(self) -> None:
        self.session.close()

    def _fired(self, rule: rules.Rule) -> None:
        trace = self.session.trace
        trace.rules.append(Firing(rule.id, len(trace.calls), self.wire.channel_socket.sent_total))


def expected_trace(scenario: Scenario, variants: Tuple[Variant, ...] = ()) -> Trace:
    """What the model does on ``scenario``, playing ``variants`` instead of
    their rules."""
    with sandbox():
        return play(ModelSession(scenario, variants), scenario, seconds=None)
