"""The driver: plays a scenario against a channel and records its trace.

It owns the wire and the deadline and never knows which implementation it
drives.  Delivery is deterministic: after the peer sends a chunk, the loop is
pumped until the channel has read all of it, and after every step the loop
is pumped until the channel has nothing left to send, the peer reading as it
goes.  A ``Session`` is stepped by its caller (the stateful machine checks
after every step); ``drive()`` plays a whole scenario.
"""

from typing import Any, Optional

from . import scenario as sc
from .deadline import CaseDeadline, deadline
from .probe import Recorder, Unsupported, apply, make_probe
from .sandbox import sandbox
from .target import Target
from .trace import RAISED, Trace
from .wire import SocketWire

#: Loop rounds without progress after which the channel is taken to be idle.
IDLE_ROUNDS = 64


def run_on_target(target: Target, scenario: sc.Scenario, seconds: Optional[float]) -> Trace:
    """The observed trace: ``target`` over a real socket pair (in this
    process, or in an agent's: ``Target.session``)."""
    with sandbox(target.global_state):
        return play(target.session(scenario), scenario, seconds)


def socket_wire(target: Target, scenario: sc.Scenario) -> SocketWire:
    return SocketWire(target.pump, buffer_size=scenario.socket_buffer,
                      read_size=scenario.peer_read_size, tcp=scenario.needs_tcp)


def drive(target: Target, scenario: sc.Scenario, wire: Any, seconds: Optional[float]) -> Trace:
    with sandbox(target.global_state):
        return play(Session(target, scenario, wire), scenario, seconds)


def play(session: Any, scenario: sc.Scenario, seconds: Optional[float]) -> Trace:
    """Step ``session`` through the whole of ``scenario``, then close it."""
    try:
        session.step(None, seconds)
        for step in scenario.steps:
            if not session.step(step, seconds):
                break
        session.step("finish", seconds)
    finally:
        session.close()
    return session.trace


def _where(step: Any) -> str:
    if hasattr(step, "describe"):
        return step.describe()
    return "creating the channel" if step is None else "the final flush"


class Session:
    """One channel on one wire, from creation to ``close()``."""

    def __init__(self, target: Target, scenario: sc.Scenario, wire: Any) -> None:
        self.target, self.scenario, self.wire = target, scenario, wire
        self.trace = Trace()
        self.recorder = Recorder(self.trace)
        self.map: dict = {}
        self.channel: Any = None
        self.delivered = 0
        self.peer_open = True
        self.received = bytearray()
        self.last_drained = 0

    def step(self, step: Any, seconds: Optional[float]) -> bool:
        """Perform ``step`` (``None``: create the channel; ``"finish"``: the
        final flush) within ``seconds``; ``False`` once the run is over."""
        if self.trace.incomplete:
            return False
        try:
            with deadline(seconds, step):
                if step is None:
                    self._start()
                elif step == "finish":
                    self._finish()
                else:
                    self._perform(step)
        except CaseDeadline as exc:
            self.trace.incomplete = "timeout: %s while %s" % (exc, _where(step))
        except Unsupported:
            raise
        except Exception as exc:  # the target raised out of its own loop or constructor
            self.trace.incomplete = "crash: %s: %s while %s" % (type(exc).__name__, exc, _where(step))
        self.trace.peer_received = bytes(self.received)
        return not self.trace.incomplete

    def close(self) -> None:
        self.recorder.on = False
        self.map.clear()
        self.wire.close()

    # -- the steps ------------------------------------------------------------

    def _start(self) -> None:
        probe = make_probe(self.target.async_chat, self.scenario, self.recorder,
                           self.target.simple_producer)
        self.channel = self.target.make_channel(probe, self.wire.channel_socket, self.map)
        self._call(sc.SetTerminator(self.scenario.terminator))
        self._settle()

    def _perform(self, step: Any) -> None:
        if isinstance(step, sc.Deliver):
            self._deliver(step.data)
        elif isinstance(step, sc.PeerClose):
            self._drain()
            self.wire.peer_close(reset=step.reset)
            self.peer_open = False
            self._pump_until(lambda: not self.map)
        else:
            self._call(step)
        self._settle()

    def _finish(self) -> None:
        self._settle()
        self._drain()

    # -- helpers --------------------------------------------------------------

    def _call(self, step: Any) -> None:
        if isinstance(step, sc.Batch):
            for inner in step.steps:
                self._call(inner)
            return
        try:
            apply(self.channel, step, self.target.simple_producer)
        except Unsupported:
            raise
        except Exception as exc:
            self.recorder.record(RAISED, (step.describe(), type(exc).__name__))

    def _deliver(self, data: bytes) -> None:
        self.delivered += len(data)
        view = memoryview(data)
        while view and self.map and self.peer_open:
            try:
                sent = self.wire.peer_send(view)
            except OSError:
                return  # the channel's end is gone; the rest is never read
            view = view[sent:]
            self._pump_until(lambda: self.channel._probe_received >= self.delivered - len(view)
                             or not self.map)

    def _settle(self) -> None:
        """Pump until the channel has nothing to send and the peer has read
        everything (a slow reader takes several rounds for that)."""
        self._drain()
        self._pump_until(lambda: (not self.map or not self.channel.writable())
                         and not self.last_drained)

    def _pump_until(self, done: Any) -> None:
        idle = 0
        while not done() and idle < IDLE_ROUNDS:
            before = (self.channel._probe_received, len(self.received))
            self.wire.pump(self.map)
            self._drain()
            idle = idle + 1 if (self.channel._probe_received, len(self.received)) == before else 0

    def _drain(self) -> int:
        """Let the peer read; how many bytes it got."""
        data = self.wire.peer_recv() if self.peer_open else b""
        if data is None:
            self.trace.peer_saw_close = True
            self.peer_open = False
            data = b""
        self.received += data
        self.last_drained = len(data)
        return self.last_drained


__all__ = ["Session", "drive", "run_on_target", "IDLE_ROUNDS"]
