"""The probe: a subclass of the target's ``async_chat`` that records its
callbacks and plays the scenario's reactions inside ``found_terminator()``.

The same probe runs on the reference model and on every target, so whatever
differs between their traces comes from the implementation, not the harness.
"""

import sys
from typing import Any, Callable, List, Optional

from . import scenario as sc
from .trace import CLOSE, COLLECT, ERROR, FOUND, GET_TERMINATOR, Call, Trace


class Unsupported(Exception):
    """The scenario needs an API the target does not have."""


class ListProducer:
    """A producer whose ``more()`` hands out fixed chunks, then ``b""``."""

    def __init__(self, chunks: List[bytes]) -> None:
        self._chunks = list(chunks)

    def more(self) -> bytes:
        return self._chunks.pop(0) if self._chunks else b""


class Recorder:
    """Collects calls into a trace until the scenario is over."""

    def __init__(self, trace: Trace) -> None:
        self.trace = trace
        self.on = True

    def record(self, name: str, value: Any = None) -> None:
        if self.on:
            self.trace.calls.append(Call(name, value))


def apply(channel: Any, step: Any, simple_producer: Optional[Callable[..., Any]]) -> None:
    """Perform one channel-side step on ``channel``."""
    if isinstance(step, sc.SetTerminator):
        channel.set_terminator(step.terminator)
    elif isinstance(step, sc.GetTerminator):
        channel._probe_recorder.record(GET_TERMINATOR, channel.get_terminator())
    elif isinstance(step, sc.Push):
        channel.push(step.data)
    elif isinstance(step, sc.PushProducer):
        channel.push_with_producer(ListProducer(list(step.chunks)))
    elif isinstance(step, sc.PushSimpleProducer):
        if simple_producer is None:
            raise Unsupported("the target has no simple_producer")
        channel.push_with_producer(simple_producer(step.data, step.buffer_size))
    elif isinstance(step, sc.CloseWhenDone):
        channel.close_when_done()
    elif isinstance(step, sc.DiscardBuffers):
        channel.discard_buffers()
    else:
        raise TypeError("not a channel step: %r" % (step,))


def make_probe(
    base: type,
    scenario: sc.Scenario,
    recorder: Recorder,
    simple_producer: Optional[Callable[..., Any]],
) -> type:
    """A subclass of ``base`` wired to ``recorder`` and ``scenario``."""
    attributes = {
        name: getattr(scenario, name)
        for name in ("ac_in_buffer_size", "ac_out_buffer_size")
        if getattr(scenario, name) is not None
    }
    if scenario.use_encoding:
        attributes["use_encoding"] = 1

    class Probe(base):  # type: ignore[misc, valid-type]
        _probe_recorder = recorder
        _probe_received = 0
        _probe_found = 0

        def collect_incoming_data(self, data: bytes) -> None:
            recorder.record(COLLECT, bytes(data))

        def found_terminator(self) -> None:
            recorder.record(FOUND, self.get_terminator())
            index = self._probe_found
            self._probe_found = index + 1
            for reaction in scenario.reactions(index):
                apply(self, reaction, simple_producer)

        def handle_close(self) -> None:
            recorder.record(CLOSE)
            super().handle_close()

        def handle_error(self) -> None:
            recorder.record(ERROR, sys.exc_info()[0].__name__)  # type: ignore[union-attr]
            self.close()

        def recv(self, buffer_size: int) -> bytes:
            data = super().recv(buffer_size)
            self._probe_received += len(data)
            return data

    for name, value in attributes.items():
        setattr(Probe, name, value)
    Probe.__name__ = Probe.__qualname__ = "Probe(%s.%s)" % (base.__module__, base.__name__)
    return Probe
