"""The driver: plays a scenario against a channel and returns its trace.

It owns the wire and the deadline and never knows which implementation it
drives.  Delivery is deterministic: after the peer sends a chunk, the loop is
pumped until the channel has read all of it, and after every step the loop
is pumped until the channel has nothing left to send, the peer reading
everything as it arrives.
"""

from typing import Any, Optional

from . import scenario as sc
from .deadline import CaseDeadline, deadline
from .probe import Recorder, Unsupported, apply, make_probe
from .target import Target
from .trace import RAISED, Trace
from .wire import MemoryWire, SocketWire

#: Loop rounds without progress after which the channel is taken to be idle.
IDLE_ROUNDS = 64


def run_on_target(target: Target, scenario: sc.Scenario, seconds: Optional[float]) -> Trace:
    """The observed trace: ``target`` over a real socket pair."""
    return drive(target, scenario, SocketWire(target.pump), seconds)


def drive(target: Target, scenario: sc.Scenario, wire: Any, seconds: Optional[float]) -> Trace:
    trace = Trace()
    recorder = Recorder(trace)
    run = _Run(target, scenario, wire, trace, recorder)
    step: Any = None
    try:
        with deadline(seconds):
            run.start()
            for step in scenario.steps:
                run.perform(step)
            run.finish()
    except CaseDeadline as exc:
        where = "while %s" % step.describe() if step is not None else "while creating the channel"
        trace.incomplete = "timeout: %s %s" % (exc, where)
    finally:
        recorder.on = False
        run.dispose()
    return trace


class _Run:
    def __init__(self, target: Target, scenario: sc.Scenario, wire: Any, trace: Trace,
                 recorder: Recorder) -> None:
        self.target, self.scenario, self.wire, self.trace = target, scenario, wire, trace
        self.recorder = recorder
        self.map: dict = {}
        self.channel: Any = None
        self.delivered = 0
        self.peer_open = True
        self.received = bytearray()

    def start(self) -> None:
        probe = make_probe(self.target.async_chat, self.scenario, self.recorder,
                           self.target.simple_producer)
        self.channel = self.target.make_channel(probe, self.wire.channel_socket, self.map)
        self._call(sc.SetTerminator(self.scenario.terminator))

    def perform(self, step: Any) -> None:
        if isinstance(step, sc.Deliver):
            self._deliver(step.data)
        elif isinstance(step, sc.PeerClose):
            self._drain()
            self.wire.peer_close()
            self.peer_open = False
            self._pump_until(lambda: not self.map)
        else:
            self._call(step)
        self._settle()

    def finish(self) -> None:
        self._settle()
        self._drain()
        self.trace.peer_received = bytes(self.received)

    def dispose(self) -> None:
        self.trace.peer_received = bytes(self.received)
        self.map.clear()
        self.wire.close()

    # -- helpers --------------------------------------------------------------

    def _call(self, step: Any) -> None:
        try:
            apply(self.channel, step, self.target.simple_producer)
        except Unsupported:
            raise
        except Exception as exc:
            self.recorder.record(RAISED, (step.describe(), type(exc).__name__))

    def _deliver(self, data: bytes) -> None:
        self.delivered += len(data)
        view = memoryview(data)
        while view and self.map:
            try:
                sent = self.wire.peer_send(view)
            except OSError:
                return  # the channel's end is gone; the rest is never read
            view = view[sent:]
            self._pump_until(lambda: self.channel._probe_received >= self.delivered - len(view)
                             or not self.map)

    def _settle(self) -> None:
        self._pump_until(lambda: not self.map or not self.channel.writable())

    def _pump_until(self, done: Any) -> None:
        idle = 0
        while not done() and idle < IDLE_ROUNDS:
            before = (self.channel._probe_received, len(self.received))
            self.wire.pump(self.map)
            self._drain()
            idle = idle + 1 if (self.channel._probe_received, len(self.received)) == before else 0

    def _drain(self) -> None:
        if not self.peer_open:
            return
        data = self.wire.peer_recv()
        if data is None:
            self.trace.peer_saw_close = True
            self.peer_open = False
        else:
            self.received += data
