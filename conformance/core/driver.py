"""The driver: plays a scenario against a channel and records its trace.

A ``Session`` is the peer's side of one channel: it owns the wire's peer
end, the trace and the deadline, and maps what goes wrong to ``timeout`` or
``crash``.  Its channel side is a ``channel.ChannelSide`` -- in this process
(``LocalTarget``), or in an agent's (``remote.proxy.RemoteTarget``), the same code
either way.  Delivery is deterministic: after the peer sends a chunk, the
loop is pumped until the channel has read all of it, and after every step
until the channel has nothing left to send, the peer reading as it goes.
A ``Session`` is stepped by its caller (the stateful machine checks after
every step); ``drive()`` plays a whole scenario.
"""

import sys
from typing import Any, Callable, ContextManager, Dict, Optional, Protocol, Tuple

from . import flight
from . import scenario as sc
from .channel import IDLE_ROUNDS, ChannelSide, GlobalState, Unsupported, raised_name
from .deadline import CaseDeadline, deadline
from .loader import Loaded, LoadError, construct, distribution_version, load
from .sandbox import sandbox
from .target import Target, unusable
from .traces import CRASH, TIMEOUT, Call, Incomplete, Trace
from .wire import SocketWire


class Crash(Exception):
    """The target failed out of this process; the message says how."""


class LoadedTarget(Protocol):
    """A target ready to be judged, wherever it runs: what cases, the
    verdict and the results file need of it."""

    name: str
    description: str
    version: str
    deviations: Dict[str, str]
    simple_producer: Any
    find_prefix_at_end: Any
    #: How the harness builds the target's channels (``loader.built_as``).
    built_as: str

    def construct(self, call: str) -> Any:
        """What the documented constructor ``call`` does (``loader.construct``)."""
        ...

    def session(self, scenario: sc.Scenario) -> "Session": ...

    def connect(self, scenario: sc.Scenario, session: "Session", wire: Any) -> Tuple[Any, Any]: ...

    def time_limit(self, seconds: Optional[float], step: Any) -> ContextManager[None]: ...


def run_on_target(target: LoadedTarget, scenario: sc.Scenario, seconds: Optional[float]) -> Trace:
    """The observed trace: ``target`` over a real socket pair."""
    return drive(target, scenario, None, seconds)


def drive(
    target: LoadedTarget, scenario: sc.Scenario, wire: Any, seconds: Optional[float]
) -> Trace:
    """``scenario`` played on ``target`` over ``wire`` (``None``: a real socket pair)."""
    with sandbox():
        return play(Session(target, scenario, wire), scenario, seconds)


class Playable(Protocol):
    """What ``play`` steps through: a target's ``Session`` or the model's."""

    @property
    def trace(self) -> Trace: ...

    def start(self, seconds: Optional[float]) -> bool: ...

    def step(self, step: Any, seconds: Optional[float]) -> bool: ...

    def finish(self, seconds: Optional[float]) -> bool: ...

    def close(self) -> None: ...


def play(session: Playable, scenario: sc.Scenario, seconds: Optional[float]) -> Trace:
    """Step ``session`` through the whole of ``scenario``, then close it."""
    try:
        if session.start(seconds):
            for step in scenario.steps:
                if not session.step(step, seconds):
                    break
            session.finish(seconds)
    finally:
        session.close()
    return session.trace


class Session:
    """One channel on one wire, from creation to ``close()``; the peer.

    ``start()`` makes the channel, ``step()`` performs one scenario step,
    ``finish()`` runs the loop until the channel is idle; each returns
    ``False`` once the run is over (a timeout or a crash ends it)."""

    def __init__(self, target: LoadedTarget, scenario: sc.Scenario, wire: Any = None) -> None:
        self.target, self.scenario, self.wire = target, scenario, wire
        self.channel: Any = None
        self.trace = Trace()
        self.delivered = 0
        self.peer_open = True
        self.received = bytearray()
        self.last_drained = 0

    def start(self, seconds: Optional[float]) -> bool:
        """Make the channel and set the scenario's terminator, within ``seconds``."""
        return self._run(flight.START, self._start, seconds)

    def step(self, step: Any, seconds: Optional[float]) -> bool:
        """Perform one of the scenario's steps within ``seconds``."""
        return self._run(step, lambda: self._perform(step), seconds)

    def finish(self, seconds: Optional[float]) -> bool:
        """The final flush: pump until the channel is idle, within ``seconds``."""
        return self._run(flight.FINISH, self._finish, seconds)

    def _run(self, step: Any, action: Callable[[], None], seconds: Optional[float]) -> bool:
        """``action`` within ``seconds``; what goes wrong ends the run, said
        to have happened in ``step`` (a scenario step or a ``flight.Phase``)."""
        if self.trace.incomplete:
            return False
        try:
            with self.target.time_limit(seconds, step):
                action()
        except CaseDeadline as exc:
            self.trace.incomplete = Incomplete(TIMEOUT, str(exc), step.describe())
        except Unsupported:
            raise
        except Crash as exc:
            self.trace.incomplete = Incomplete(CRASH, str(exc), step.describe())
        except Exception as exc:  # the target raised out of its own loop or constructor
            self.trace.incomplete = Incomplete(
                CRASH, "%s: %s" % (raised_name(type(exc)), exc), step.describe()
            )
        finally:
            if self.channel is not None:
                self.trace.calls.extend(
                    Call(name, value) for name, value in self.channel.take_calls()
                )
        self.trace.peer_received = bytes(self.received)
        return not self.trace.incomplete

    def close(self) -> None:
        if self.channel is not None:
            self.channel.close()
        if self.wire is not None:
            self.wire.close()

    # -- the steps ------------------------------------------------------------

    def _start(self) -> None:
        self.wire, self.channel = self.target.connect(self.scenario, self, self.wire)
        self.channel.start(sc.SetTerminator(self.scenario.terminator))

    def _finish(self) -> None:
        self.channel.settle()
        self.drain()

    def _perform(self, step: Any) -> None:
        if isinstance(step, sc.Deliver):
            self._deliver(step.data)
        elif isinstance(step, sc.PeerClose):
            self.drain()
            self.wire.peer_close(reset=step.reset)
            self.peer_open = False
            self.channel.peer_closed()
        else:
            self.channel.step(step)

    def _deliver(self, data: bytes) -> None:
        self.delivered += len(data)
        view = memoryview(data)
        settled = False
        while view and self.channel.open and self.peer_open:
            try:
                sent = self.wire.peer_send(view)
            except OSError:
                break  # the channel's end is gone; the rest is never read
            view = view[sent:]
            settled = not view
            self.channel.deliver(self.delivered - len(view), settled)
        if not settled:
            self.channel.settle()

    def record(self, call: Tuple[str, Any]) -> None:
        """A call the channel made, as it happens (in this process)."""
        self.trace.calls.append(Call(*call))

    def drain(self) -> int:
        """Let the peer read; how many bytes it got."""
        data = self.wire.peer_recv() if self.peer_open else b""
        if data is None:
            self.trace.peer_saw_close = True
            self.peer_open = False
            data = b""
        self.received += data
        self.last_drained = len(data)
        return self.last_drained

    # -- the peer, as the channel side sees it in this process (channel.DistantPeer)

    def progress(self) -> int:
        return len(self.received)

    def after_pump(self) -> None:
        self.drain()

    def idle(self) -> None:
        pass

    def quiet(self) -> bool:
        return not self.last_drained


class LocalTarget:
    """A target loaded into this process."""

    def __init__(
        self,
        name: str,
        loaded: Loaded,
        deviations: Optional[Dict[str, str]] = None,
        version: Optional[str] = None,
    ) -> None:
        self.name = name
        self.loaded = loaded
        self.async_chat = loaded.chat
        self.description = loaded.description
        self.version = loaded.version if version is None else version
        self.simple_producer = loaded.simple_producer
        self.find_prefix_at_end = loaded.find_prefix_at_end
        self.built_as = loaded.built_as
        self.deviations = deviations or {}

    def construct(self, call: str) -> Any:
        """``loader.construct``, with what the constructor may change for
        the whole process put back, as after any channel."""
        saved = GlobalState(self.loaded.global_state)
        try:
            with sandbox():
                return construct(self.async_chat, call, raised_name)
        finally:
            saved.restore()

    def make_channel(self, cls: type, sock: Any, map: Dict[int, Any]) -> Any:  # noqa: A002
        """A channel of ``cls`` (a subclass of ``async_chat``) on ``sock``, in ``map``."""
        return self.loaded.loop.make(cls, sock, map)

    def session(self, scenario: sc.Scenario) -> Session:
        return Session(self, scenario)

    def connect(
        self, scenario: sc.Scenario, session: Session, wire: Any
    ) -> Tuple[Any, ChannelSide]:
        """The wire (a socket pair unless one is given) and the channel side."""
        if wire is None:
            wire = SocketWire(
                buffer_size=scenario.socket_buffer,
                read_size=scenario.peer_read_size,
                tcp=scenario.needs_tcp,
            )
        return wire, ChannelSide(
            self.loaded,
            scenario.channel_settings(),
            wire.channel_socket,
            peer=session,
            pump=getattr(wire, "pump", None),
            record=session.record,
        )

    def time_limit(self, seconds: Optional[float], step: Any) -> ContextManager[None]:
        return deadline(seconds, step)


def load_local(target: Target) -> LocalTarget:
    """``target`` loaded into this process; ``TargetUnavailable`` if it cannot be."""
    reason = target.unavailable_on(sys.version_info[:2])
    version = distribution_version(target.distribution) if target.distribution else None
    reason = reason or target.unavailable_with(version)
    if reason:
        raise unusable(target, reason)
    try:
        loaded = load(**target.load_arguments())
    except LoadError as exc:
        raise unusable(target, str(exc)) from None
    return LocalTarget(target.name, loaded, target.read_deviations(sys.version_info[:2]))


def from_module(spec: str, name: Optional[str] = None) -> LocalTarget:
    """A target from ``module`` or ``module:attr``, loaded here, with no deviations."""
    return load_local(Target(name=name or spec, module=spec))


__all__ = [
    "Session",
    "LocalTarget",
    "LoadedTarget",
    "Crash",
    "drive",
    "run_on_target",
    "load_local",
    "from_module",
    "IDLE_ROUNDS",
]
