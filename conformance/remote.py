"""Out-of-process targets: a target run by ``conformance/agent.py`` in
another interpreter (CPython 2.7, 3.6, ...), driven from this one.

The harness keeps the peer end of a real socket; the agent's channel has the
other end.  Commands and replies are JSON lines over the agent's standard
input and output.  Delivery stays deterministic across the two processes:
the harness sends a chunk, then tells the agent how many bytes the peer has
sent in all, and the agent pumps its loop until its probe has read them.
After every step the agent pumps until its channel has nothing left to send,
and the harness reads its peer socket all along (so a big output never
deadlocks), then until it has every byte the agent's channel reported sent.

One agent process serves every scenario of a run; it is started again after
it died (a ``crash``) or was killed for missing its deadline (a ``timeout``).
"""

import atexit
import dataclasses
import json
import os
import select
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from . import scenario as sc
from .agent import decode, encode
from .expectations import ExpectationsError, parse_deviations
from .probe import Unsupported
from .target import Target, TargetUnavailable, registered_adapters
from .trace import Call, Trace
from .wire import SocketWire

AGENT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "agent.py")
#: How long starting an agent and loading the target may take.
START_SECONDS = 30.0
#: Deadline for the bookkeeping commands (connect, close) of a step that has none.
DEFAULT_SECONDS = 30.0


class AgentDied(Exception):
    """The agent process ended (the target killed it) or stopped answering."""


class AgentTimeout(Exception):
    """The agent did not answer within the step's deadline; it was killed."""


class TargetCrash(Exception):
    """The target raised out of its loop or constructor in the agent."""


class Agent:
    """One agent process and the listeners its channels connect to."""

    def __init__(self, python: str, spec: str, distribution: Optional[str] = None) -> None:
        self.python, self.spec, self.distribution = python, spec, distribution
        self.process: Optional[subprocess.Popen] = None
        self.loaded: Dict[str, Any] = {}
        self._buffer = b""
        self._directory = tempfile.mkdtemp(prefix="asynchat-agent-")
        self._listeners: Dict[str, socket.socket] = {}
        atexit.register(self.stop)

    # -- the process ----------------------------------------------------------

    def ensure(self) -> "Agent":
        """A running agent with the target loaded (started if need be)."""
        if self.process is not None and self.process.poll() is None:
            return self
        self.stop()
        self._stderr = tempfile.TemporaryFile(dir=self._directory)
        try:
            self.process = subprocess.Popen(
                [self.python, AGENT], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=self._stderr, close_fds=True)
        except OSError as exc:
            raise AgentDied("cannot start %s: %s" % (self.python, exc.strerror)) from None
        self._buffer = b""
        reply = self.request({"cmd": "load", "spec": self.spec, "distribution": self.distribution},
                             time.monotonic() + START_SECONDS)
        if not reply.get("ok"):
            error = reply.get("error") or reply.get("crash") or "unknown failure"
            self.stop()
            raise TargetUnavailable(error)
        self.loaded = reply
        return self

    def stop(self) -> None:
        """Kill the agent (it is ours, by its pid) and reap it."""
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            process.kill()
        process.wait()
        for stream in (process.stdin, process.stdout):
            try:
                stream.close()
            except OSError:
                pass

    def _death(self) -> str:
        process = self.process
        status = process.wait() if process is not None else None
        self.process = None
        how = ("killed by signal %d" % -status if status is not None and status < 0
               else "exited with status %s" % status)
        last = ""
        try:
            self._stderr.seek(0)
            lines = self._stderr.read().decode("utf-8", "replace").strip().splitlines()
            last = (": " + lines[-1]) if lines else ""
        except (OSError, ValueError):
            pass
        return "the agent (%s) %s%s" % (self.python, how, last)

    # -- talking --------------------------------------------------------------

    def request(self, command: Dict[str, Any], deadline: Optional[float],
                peer: Optional["RemoteSession"] = None) -> Dict[str, Any]:
        """Send ``command`` and wait for the reply until ``deadline``
        (``time.monotonic()``), reading the peer socket meanwhile."""
        process = self.process
        if process is None:
            raise AgentDied("the agent is not running")
        try:
            process.stdin.write((json.dumps(command) + "\n").encode("utf-8"))
            process.stdin.flush()
        except OSError:
            raise AgentDied(self._death()) from None
        out = process.stdout.fileno()
        while b"\n" not in self._buffer:
            watched = [out]
            if peer is not None and peer.reading:
                watched.append(peer.wire.peer_fileno())
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                self.stop()
                raise AgentTimeout()
            ready = select.select(watched, [], [], remaining)[0]
            if out in ready:
                data = os.read(out, 1 << 16)
                if not data:
                    raise AgentDied(self._death())
                self._buffer += data
            elif ready and peer is not None:
                peer.drain()
        line, _, self._buffer = self._buffer.partition(b"\n")
        return json.loads(line.decode("utf-8"))  # type: ignore[no-any-return]

    def listener(self, family: str) -> socket.socket:
        """The listening socket channels of ``family`` ("unix", "tcp") connect to."""
        if family not in self._listeners:
            if family == "unix":
                sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                sock.bind(os.path.join(self._directory, "channel"))
            else:
                sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                sock.bind(("127.0.0.1", 0))
            sock.listen(4)
            sock.settimeout(DEFAULT_SECONDS)
            self._listeners[family] = sock
        return self._listeners[family]


class RemoteWire(SocketWire):
    """The peer end of a channel whose other end is in the agent."""

    def __init__(self, peer: socket.socket, buffer_size: Optional[int], read_size: Optional[int]) -> None:
        self._peer = peer
        if buffer_size:
            peer.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, buffer_size)
            peer.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, buffer_size)
        peer.setblocking(False)
        self._read_size = (1 << 20) if read_size is None else read_size

    def peer_fileno(self) -> int:
        return self._peer.fileno()

    def close(self) -> None:
        self._peer.close()


def _where(step: Any) -> str:
    if hasattr(step, "describe"):
        return step.describe()
    return "creating the channel" if step is None else "the final flush"


def encode_step(step: Any) -> Dict[str, Any]:
    found: Dict[str, Any] = {"op": type(step).__name__, "describe": step.describe()}
    if isinstance(step, sc.Batch):
        found["steps"] = [encode_step(inner) for inner in step.steps]
        return found
    for item in dataclasses.fields(step):
        found[item.name] = encode(getattr(step, item.name))
    return found


def _call(raw: List[Any]) -> Call:
    name, value = raw
    return Call(name, decode(value))


class RemoteSession:
    """``driver.Session`` for a target in an agent: the same steps, trace
    and deadlines, over a socket whose channel end is in another process."""

    def __init__(self, target: "RemoteTarget", scenario: sc.Scenario) -> None:
        self.target, self.scenario = target, scenario
        self.agent = target.agent
        self.trace = Trace()
        self.wire: Optional[RemoteWire] = None
        self.deadline: Optional[float] = None
        self.delivered = 0
        self.peer_open = True
        self.channel_open = True
        self.socket_closed = False
        self.sent = 0
        self.received = bytearray()
        self.started = False

    @property
    def reading(self) -> bool:
        return self.peer_open and self.wire is not None and self.wire._read_size != 0

    def step(self, step: Any, seconds: Optional[float]) -> bool:
        """As ``driver.Session.step``."""
        if self.trace.incomplete:
            return False
        self.deadline = time.monotonic() + seconds if seconds else None
        try:
            if step is None:
                self._start()
            elif step == "finish":
                self._ask({"cmd": "settle"})
            else:
                self._perform(step)
        except AgentTimeout:
            self.trace.incomplete = "timeout: no verdict within %gs while %s" % (
                seconds or DEFAULT_SECONDS, _where(step))
        except AgentDied as exc:
            self.trace.incomplete = "crash: %s while %s" % (exc, _where(step))
        except TargetCrash as exc:
            self.trace.incomplete = "crash: %s while %s" % (exc, _where(step))
        except TargetUnavailable as exc:  # the restarted agent could not load the target
            self.trace.incomplete = "crash: the agent could not load the target again: %s while %s" % (
                exc, _where(step))
        self.trace.peer_received = bytes(self.received)
        return not self.trace.incomplete

    def close(self) -> None:
        if self.started and self.agent.process is not None:
            try:
                self.agent.request({"cmd": "close"}, time.monotonic() + DEFAULT_SECONDS)
            except (AgentDied, AgentTimeout):
                self.agent.stop()
        if self.wire is not None:
            self.wire.close()

    # -- the steps ------------------------------------------------------------

    def _start(self) -> None:
        agent = self.agent.ensure()
        scenario = self.scenario
        family = "tcp" if scenario.needs_tcp else "unix"
        listener = agent.listener(family)
        address = listener.getsockname()
        self.started = True
        reply = agent.request({"cmd": "connect", "family": family, "address": address,
                               "buffer_size": scenario.socket_buffer}, self._deadline())
        self._check(reply)
        peer, _ = listener.accept()
        if family == "tcp":
            peer.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.wire = RemoteWire(peer, scenario.socket_buffer, scenario.peer_read_size)
        self._ask({
            "cmd": "start",
            "peer_reads": self.reading,
            "initial": encode_step(sc.SetTerminator(scenario.terminator)),
            "scenario": {
                "terminator": encode(scenario.terminator),
                "on_found": [[encode_step(r) for r in group] for group in scenario.on_found],
                "ac_in_buffer_size": scenario.ac_in_buffer_size,
                "ac_out_buffer_size": scenario.ac_out_buffer_size,
                "use_encoding": scenario.use_encoding,
            },
        })

    def _perform(self, step: Any) -> None:
        if isinstance(step, sc.Deliver):
            self._deliver(step.data)
        elif isinstance(step, sc.PeerClose):
            self.drain()
            assert self.wire is not None
            self.wire.peer_close(reset=step.reset)
            self.peer_open = False
            self._ask({"cmd": "peer_closed"})
        else:
            self._ask({"cmd": "call", "step": encode_step(step)})

    def _deliver(self, data: bytes) -> None:
        assert self.wire is not None
        self.delivered += len(data)
        view = memoryview(data)
        settled = False
        while view and self.channel_open and self.peer_open:
            try:
                sent = self.wire.peer_send(view)
            except OSError:
                break  # the channel's end is gone; the rest is never read
            view = view[sent:]
            settled = not view
            self._ask({"cmd": "deliver", "total": self.delivered - len(view), "settle": settled})
        if not settled:
            self._ask({"cmd": "settle"})

    # -- helpers --------------------------------------------------------------

    def _deadline(self) -> float:
        return self.deadline if self.deadline is not None else time.monotonic() + DEFAULT_SECONDS

    def _check(self, reply: Dict[str, Any]) -> Dict[str, Any]:
        self.trace.calls.extend(_call(raw) for raw in reply.get("calls", ()))
        if "sent" in reply:
            self.sent = reply["sent"]
            self.channel_open = reply["open"]
            self.socket_closed = reply["closed"]
        if reply.get("unsupported"):
            raise Unsupported(reply["unsupported"])
        if reply.get("crash"):
            raise TargetCrash(reply["crash"])
        if not reply.get("ok"):
            raise AgentDied("the agent failed: %s" % (reply.get("error"),))
        return reply

    def _ask(self, command: Dict[str, Any]) -> Dict[str, Any]:
        """One command to the agent, then the peer reads what it was sent."""
        reply = self._check(self.agent.request(command, self._deadline(), peer=self))
        self._catch_up()
        return reply

    def _catch_up(self) -> None:
        """Read until the peer has every byte the channel sent (and the
        end of the stream, once the channel's socket is closed)."""
        deadline = self._deadline()
        while self.reading and (len(self.received) < self.sent or self.socket_closed):
            assert self.wire is not None
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AgentTimeout()
            if select.select([self.wire.peer_fileno()], [], [], remaining)[0]:
                self.drain()

    def drain(self) -> int:
        """Let the peer read; how many bytes it got."""
        if not self.reading:
            return 0
        assert self.wire is not None
        data = self.wire.peer_recv()
        if data is None:
            self.trace.peer_saw_close = True
            self.peer_open = False
            data = b""
        self.received += data
        return len(data)


@dataclass(frozen=True)
class RemoteTarget(Target):
    """A target that runs in ``agent`` (another interpreter)."""

    agent: Any = None
    #: The target interpreter: version, implementation, executable.
    python: Dict[str, Any] = field(default_factory=dict)

    def session(self, scenario: sc.Scenario) -> Any:
        return RemoteSession(self, scenario)


class RemoteHelper:
    """A module-level helper of the target, called in the agent."""

    def __init__(self, agent: Agent, name: str) -> None:
        self.agent, self.name = agent, name

    def _ask(self, command: Dict[str, Any]) -> Any:
        agent = self.agent.ensure()
        try:
            reply = agent.request(command, time.monotonic() + DEFAULT_SECONDS)
        except AgentTimeout:
            raise AgentDied("the agent did not answer within %gs" % DEFAULT_SECONDS) from None
        if not reply.get("ok"):
            raise AgentDied(reply.get("crash") or reply.get("error") or "the agent failed")
        value = reply["value"]
        return [decode(item) for item in value] if isinstance(value, list) else decode(value)


class RemoteFindPrefix(RemoteHelper):
    def __call__(self, haystack: bytes, needle: bytes) -> Any:
        return self._ask({"cmd": "find_prefix_at_end", "args": [encode(haystack), encode(needle)]})


class RemoteSimpleProducer(RemoteHelper):
    """``simple_producer(data, buffer_size)`` for the helper cases; ``more()``
    answers from the values a producer made in the agent returned.  (Steps
    that push a simple_producer use the agent's own, in the agent.)"""

    def __call__(self, data: bytes, buffer_size: int = 512) -> "_RemoteProducer":
        return _RemoteProducer(self, data, buffer_size)


class _RemoteProducer:
    def __init__(self, helper: RemoteSimpleProducer, data: bytes, buffer_size: int) -> None:
        self.helper, self.data, self.buffer_size = helper, data, buffer_size
        self.calls = 0
        self.values: Optional[List[Any]] = None

    def more(self) -> Any:
        self.calls += 1
        if self.values is None or self.calls > len(self.values):
            self.values = list(self.helper._ask({
                "cmd": "simple_producer_more", "data": encode(self.data),
                "buffer_size": self.buffer_size, "calls": max(2 * self.calls, 64)}))
        # What the agent's more() raised comes back as "raised TypeError",
        # the observation test_helpers makes of an exception.
        return self.values[self.calls - 1]


def find_python(python: str) -> str:
    found = shutil.which(python) if os.sep not in python else python
    if not found or not os.access(found, os.X_OK):
        raise TargetUnavailable("--target-python %s: no such interpreter" % python)
    return found


def resolve_remote(spec: str, python: str, adapters: Optional[Dict[str, Any]] = None) -> RemoteTarget:
    """The target SPEC names, loaded by an agent running ``python``; a
    ``TargetUnavailable`` with one line if that interpreter cannot load it."""
    executable = find_python(python)
    adapters = registered_adapters() if adapters is None else adapters
    module, distribution, deviations_file, name = spec, None, None, spec
    adapter = adapters.get(spec)
    if adapter is not None:
        entry = getattr(adapter, "entry", None)
        if entry is not None:  # a third party's entry point
            try:
                adapter = entry.load()
            except Exception as exc:
                raise TargetUnavailable("target %r: loading its adapter failed: %s: %s" % (
                    spec, type(exc).__name__, exc)) from None
        module = getattr(adapter, "module", None)
        if not isinstance(module, str) or type(adapter).__name__ not in (
                "ModuleAdapter", "PackagedModuleAdapter"):
            raise TargetUnavailable(
                "target %r cannot run out of process: its adapter does more than import a module"
                % spec)
        distribution = getattr(adapter, "distribution", None)
        deviations_file = getattr(adapter, "deviations", None)
    agent = Agent(executable, module, distribution)
    try:
        agent.ensure()
    except TargetUnavailable as exc:
        raise TargetUnavailable("target %r on %s: %s" % (spec, python, exc)) from None
    except AgentDied as exc:
        raise TargetUnavailable("target %r: %s" % (spec, exc)) from None
    loaded = agent.loaded
    version = tuple(int(part) for part in loaded["python"].split(".")[:2])
    if distribution is not None:
        remote_version = loaded["version"] or None
        reason = adapter.unavailable(remote_version)
        if reason is None and remote_version is None:
            reason = "the %s distribution is not installed for %s" % (distribution, python)
        if reason:
            agent.stop()
            raise TargetUnavailable("target %r is unavailable on %s: %s" % (spec, python, reason))
    deviations = _deviations(deviations_file, version) if deviations_file else {}
    description = loaded["description"]
    if distribution is not None:
        description += " [%s %s]" % (distribution, loaded["version"])
    description += " [out of process: %s %s, %s]" % (
        loaded["implementation"], loaded["python"], loaded["executable"])
    return RemoteTarget(
        name=name,
        async_chat=None,  # type: ignore[arg-type]
        pump=None,  # type: ignore[arg-type]
        description=description,
        simple_producer=RemoteSimpleProducer(agent, "simple_producer") if loaded["simple_producer"] else None,
        find_prefix_at_end=RemoteFindPrefix(agent, "find_prefix_at_end")
        if loaded["find_prefix_at_end"] else None,
        deviations=deviations,
        version=loaded["version"] if distribution is None else loaded["version"],
        agent=agent,
        python={"version": loaded["python"], "implementation": loaded["implementation"],
                "executable": loaded["executable"]},
    )


def _deviations(path: str, python: Any) -> Dict[str, str]:
    """A target's deviations file, its conditions judged on the target's Python."""
    if not os.path.isabs(path) and not os.path.exists(path):
        import targets

        path = os.path.join(os.path.dirname(targets.__file__), path)
    try:
        with open(path, encoding="utf-8") as handle:
            return parse_deviations(handle.read(), path, python=python)
    except OSError as exc:
        raise ExpectationsError("cannot read deviations file %s: %s" % (path, exc.strerror)) from None


__all__ = ["RemoteTarget", "RemoteSession", "resolve_remote", "Agent"]
