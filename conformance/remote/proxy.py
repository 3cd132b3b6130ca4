"""Out-of-process targets: a target run by ``agent.py`` (beside this file) in
another interpreter (CPython 2.7, 3.6, ...), driven from this one.

The agent runs the same channel side (``core/channel.py``, ``core/loader.py``) as the
harness does in process; the ``driver.Session`` here plays the peer, as it
does in process, over a ``RemoteChannel`` whose methods are commands to the
agent.  Commands and replies are JSON lines over the agent's standard input
and output; the data channel is a real socket, the peer end here.  Delivery
stays deterministic across the two processes: the harness sends a chunk,
then tells the agent how many bytes the peer has sent in all, and the agent
pumps its loop until its probe has read them.  After every step the agent
pumps until its channel has nothing left to send, and the harness reads its
peer socket all along (so a big output never deadlocks), then until it has
every byte the agent's channel reported sent.

One agent process serves every scenario of a run; it is started again after
it died (a ``crash``) or was killed for missing its deadline (a ``timeout``).
"""

import atexit
import json
import os
import select
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from functools import partialmethod
from typing import IO, Any, Dict, Iterator, List, Optional, Tuple, cast

from ..core import channel as channel_side
from ..core import deadline as deadlines
from ..core import flight, loader
from ..core import scenario as sc
from ..core.channel import ErrorName, Unsupported
from ..core.deadline import CaseDeadline, OutOfTime, starting
from ..core.driver import Crash, Session
from ..core.target import Target, TargetUnavailable, unusable
from ..core.wire import SocketWire
from .agent import decode, encode

AGENT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "agent.py")
#: How long starting an agent and loading the target may take.
START_SECONDS = 30.0
#: Deadline for the commands of a step that has none.
DEFAULT_SECONDS = 30.0
#: Where the agent finds packages installed for its interpreter alone
#: (``pip install --target DIR``), ahead of its own ``sys.path``.
PYTHONPATH_VARIABLE = "ASYNCHAT_TARGET_PYTHONPATH"
#: How long past a command's deadline the agent may take to answer that it
#: stopped the target (with the target's stack) before it is killed.
GRACE_SECONDS = 1.0


def _pipes(process: "subprocess.Popen[bytes]") -> Tuple[IO[bytes], IO[bytes]]:
    """The agent's stdin and stdout: pipes, as it is always started with."""
    return cast(IO[bytes], process.stdin), cast(IO[bytes], process.stdout)


class AgentDied(Crash):
    """The agent process ended (the target killed it) or stopped answering."""


class AgentTimeout(OutOfTime):
    """The step's deadline passed: the agent stopped the target and said
    where it was, or did not answer in time and was killed."""


class Agent:
    """One agent process and the listeners its channels connect to."""

    def __init__(self, python: str, target: Target, pythonpath: Optional[str] = None) -> None:
        self.executable, self.target = python, target
        #: Directories the agent imports from first (``PYTHONPATH_VARIABLE``).
        self.pythonpath = pythonpath or os.environ.get(PYTHONPATH_VARIABLE) or None
        self.process: Optional[subprocess.Popen] = None
        #: What ``hello`` and ``load`` answered: the interpreter, the target.
        self.python: Dict[str, Any] = {}
        self.loaded: Dict[str, Any] = {}
        #: When the current step's replies are due (``time.monotonic()``).
        self.deadline: Optional[float] = None
        self._buffer = b""
        self._directory = tempfile.mkdtemp(prefix="asynchat-agent-")
        self._listeners: Dict[str, socket.socket] = {}
        atexit.register(self.stop)

    # -- the process ----------------------------------------------------------

    def start(self) -> Dict[str, Any]:
        """Start the agent; what it says of its interpreter."""
        self.stop()
        self._stderr = tempfile.TemporaryFile(dir=self._directory)
        try:
            self.process = subprocess.Popen(
                [self.executable, AGENT, channel_side.__file__, loader.__file__],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._stderr,
                close_fds=True,
                env=dict(os.environ, **{PYTHONPATH_VARIABLE: self.pythonpath or ""}),
            )
        except OSError as exc:
            raise AgentDied("cannot start %s: %s" % (self.executable, exc.strerror)) from None
        self._buffer = b""
        self.loaded = {}
        self.python = self._bookkeeping({"cmd": "hello"})
        return self.python

    def ensure(self) -> "Agent":
        """A running agent with the target loaded (started if need be)."""
        if self.process is not None and self.process.poll() is None and self.loaded:
            return self
        if self.process is None or self.process.poll() is not None:
            self.start()
        self.loaded = self._bookkeeping(
            {"cmd": "load", "target": encode(self.target.load_arguments())}
        )
        return self

    def _bookkeeping(self, command: Dict[str, Any]) -> Dict[str, Any]:
        saved, self.deadline = self.deadline, time.monotonic() + START_SECONDS
        try:
            reply = self.request(command)
        finally:
            self.deadline = saved
        if not reply.get("ok"):
            self.stop()
            raise TargetUnavailable(
                reply.get("error")
                or reply.get("crash")
                or reply.get("timeout")
                or "unknown failure"
            )
        return reply

    def stop(self) -> None:
        """Kill the agent (it is ours, by its pid) and reap it."""
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            process.kill()
        process.wait()
        for stream in _pipes(process):
            try:
                stream.close()
            except OSError:
                pass

    def _death(self) -> str:
        process = self.process
        status = process.wait() if process is not None else None
        self.process = None
        how = (
            "killed by signal %d" % -status
            if status is not None and status < 0
            else "exited with status %s" % status
        )
        last = ""
        try:
            self._stderr.seek(0)
            lines = self._stderr.read().decode("utf-8", "replace").strip().splitlines()
            last = (": " + lines[-1]) if lines else ""
        except (OSError, ValueError):
            pass
        return "the agent (%s) %s%s" % (self.executable, how, last)

    # -- talking --------------------------------------------------------------

    def remaining(self) -> float:
        """Seconds until the current deadline (``DEFAULT_SECONDS`` without one)."""
        if self.deadline is None:
            return DEFAULT_SECONDS
        return self.deadline - time.monotonic()

    def request(
        self, command: Dict[str, Any], peer: Optional["RemoteChannel"] = None
    ) -> Dict[str, Any]:
        """Send ``command`` and wait for the reply until the deadline,
        letting ``peer`` read meanwhile.  Under a step's deadline the agent
        stops the target itself when it expires (and says where it was); one
        that has not answered ``GRACE_SECONDS`` later is killed."""
        process = self.process
        if process is None:
            raise AgentDied("the agent is not running")
        if self.deadline is not None:
            command = dict(command, seconds=max(self.remaining(), 0.001))
        stdin, stdout = _pipes(process)
        try:
            stdin.write((json.dumps(command) + "\n").encode("utf-8"))
            stdin.flush()
        except OSError:
            raise AgentDied(self._death()) from None
        out = stdout.fileno()
        due = (
            time.monotonic()
            + self.remaining()
            + (GRACE_SECONDS if self.deadline is not None else 0)
        )
        while b"\n" not in self._buffer:
            watched = [out]
            if peer is not None and peer.reading:
                watched.append(peer.wire.peer_fileno())
            remaining = due - time.monotonic()
            if remaining <= 0:
                self.stop()
                raise AgentTimeout(
                    "the agent did not stop the target within %gs of its deadline, "
                    "and was killed (the target was out of the interpreter's "
                    "reach, e.g. blocked in C code)" % GRACE_SECONDS
                )
            ready = select.select(watched, [], [], remaining)[0]
            if out in ready:
                data = os.read(out, 1 << 16)
                if not data:
                    raise AgentDied(self._death())
                self._buffer += data
            elif ready and peer is not None:
                peer.session.drain()
        line, _, self._buffer = self._buffer.partition(b"\n")
        reply: Dict[str, Any] = json.loads(line.decode("utf-8"))
        return reply

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

    def __init__(
        self, peer: socket.socket, buffer_size: Optional[int], read_size: Optional[int]
    ) -> None:
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


class RemoteChannel:
    """A ``channel.ChannelSide`` in the agent: each channel method is a
    command of that name; the reply says what the channel did, and before
    returning, the peer reads every byte the channel sent."""

    def __init__(self, agent: Agent, session: Session, wire: RemoteWire) -> None:
        self.agent, self.session, self.wire = agent, session, wire
        self.calls: List[Tuple[str, Any]] = []
        self.open, self.closed, self.sent = True, False, 0

    def _command(self, name: str, *args: Any) -> None:
        self._check(self.agent.request({"cmd": name, "args": encode(args)}, peer=self))
        self._catch_up()

    start = partialmethod(_command, "start")
    step = partialmethod(_command, "step")
    deliver = partialmethod(_command, "deliver")
    peer_closed = partialmethod(_command, "peer_closed")
    settle = partialmethod(_command, "settle")

    def take_calls(self) -> List[Tuple[str, Any]]:
        calls, self.calls = self.calls, []
        return calls

    def close(self) -> None:
        if self.agent.process is not None:
            try:
                self.agent.request({"cmd": "close"})
            except (AgentDied, AgentTimeout):
                self.agent.stop()

    @property
    def reading(self) -> bool:
        """Whether the peer reads (the agent's reply is awaited reading it)."""
        return self.session.peer_open and self.wire.reads

    def _check(self, reply: Dict[str, Any]) -> None:
        self.calls.extend(
            (name, decode(value, ErrorName)) for name, value in reply.get("calls", ())
        )
        if "sent" in reply:
            self.sent = reply["sent"]
            self.open = reply["open"]
            self.closed = reply["closed"]
        stopped(reply)
        if reply.get("unsupported"):
            raise Unsupported(reply["unsupported"])
        if reply.get("crash"):
            raise Crash(reply["crash"])
        if not reply.get("ok"):
            raise AgentDied("the agent failed: %s" % (reply.get("error"),))

    def _catch_up(self) -> None:
        """Read until the peer has every byte the channel sent (and the
        end of the stream, once the channel's socket is closed)."""
        while self.reading and (len(self.session.received) < self.sent or self.closed):
            remaining = self.agent.remaining()
            if remaining <= 0:
                raise AgentTimeout("the peer did not get every byte the channel sent in time")
            if select.select([self.wire.peer_fileno()], [], [], remaining)[0]:
                self.session.drain()


def stopped(reply: Dict[str, Any]) -> None:
    """Raise ``AgentTimeout`` if the agent stopped the target for its deadline."""
    if reply.get("timeout") is not None:
        raise AgentTimeout(reply["timeout"], [str(line) for line in reply.get("stack") or ()])


class RemoteTarget:
    """A target that runs in an agent (another interpreter)."""

    #: Its class is not in this process (the performance case needs it).
    async_chat = None

    def __init__(self, name: str, agent: Agent, deviations: Dict[str, str]) -> None:
        loaded = agent.loaded
        self.name, self.agent, self.deviations = name, agent, deviations
        #: Where the agent imported the target's packages from first, if anywhere.
        self.pythonpath = agent.pythonpath
        self.description = loaded["description"]
        self.version = loaded["version"]
        self.simple_producer = RemoteSimpleProducer(agent) if loaded["simple_producer"] else None
        self.find_prefix_at_end = RemoteFindPrefix(agent) if loaded["find_prefix_at_end"] else None
        self.built_as = loaded["built_as"]
        self.construct = RemoteConstructor(agent)
        #: The target interpreter: version, implementation, executable.
        self.python = {
            "version": agent.python["python"],
            "executable": agent.python["executable"],
            "implementation": agent.python["implementation"],
        }

    def session(self, scenario: sc.Scenario) -> Session:
        return Session(self, scenario)

    def connect(
        self, scenario: sc.Scenario, session: Session, wire: Any
    ) -> Tuple[RemoteWire, RemoteChannel]:
        """A socket whose channel end is in the agent, and that channel."""
        try:
            agent = self.agent.ensure()
        except TargetUnavailable as exc:
            raise Crash("the agent could not load the target again: %s" % exc) from None
        family = "tcp" if scenario.needs_tcp else "unix"
        listener = agent.listener(family)
        reply = agent.request(
            {
                "cmd": "connect",
                "family": family,
                "address": listener.getsockname(),
                "buffer_size": scenario.socket_buffer,
                "settings": encode(scenario.channel_settings()),
                "peer_reads": scenario.peer_read_size != 0,
            }
        )
        peer, _ = listener.accept()
        if family == "tcp":
            peer.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        wire = RemoteWire(peer, scenario.socket_buffer, scenario.peer_read_size)
        channel = RemoteChannel(agent, session, wire)
        channel._check(reply)
        return wire, channel

    @contextmanager
    def time_limit(self, seconds: Optional[float], step: Any) -> Iterator[None]:
        """The agent's replies are awaited until ``seconds`` from now, or
        what the case has left if that is less (each command tells the agent
        the time left); past that, it is killed and the step is a timeout."""
        starting(seconds, step)
        allotment = deadlines.allot(seconds) if seconds else deadlines.Allotment(DEFAULT_SECONDS)
        began = time.monotonic()
        self.agent.deadline = began + allotment.seconds if seconds else None
        try:
            yield
        except OutOfTime as exc:
            expiry = deadlines.expired_elsewhere(
                allotment, exc.stack or ["(%s)\n" % exc.why], flight.where()
            )
            raise CaseDeadline(deadlines.expiry_reason(expiry)) from None
        finally:
            self.agent.deadline = None
            if seconds:
                deadlines.charge(time.monotonic() - began)


class RemoteHelper:
    """A module-level helper of the target, called in the agent."""

    def __init__(self, agent: Agent) -> None:
        self.agent = agent

    def _ask(self, command: Dict[str, Any]) -> Any:
        try:
            agent = self.agent.ensure()
        except TargetUnavailable as exc:
            raise AgentDied("the agent could not load the target again: %s" % exc) from None
        reply = agent.request(command)
        stopped(reply)
        if not reply.get("ok"):
            raise AgentDied(reply.get("crash") or reply.get("error") or "the agent failed")
        value = reply["value"]
        return [decode(item) for item in value] if isinstance(value, list) else decode(value)


class RemoteFindPrefix(RemoteHelper):
    def __call__(self, haystack: bytes, needle: bytes) -> Any:
        return self._ask({"cmd": "find_prefix_at_end", "args": [encode(haystack), encode(needle)]})


class RemoteConstructor(RemoteHelper):
    """``loader.construct`` of the target's class, in the agent."""

    def __call__(self, call: str) -> Any:
        return self._ask({"cmd": "construct", "call": call})


class RemoteSimpleProducer(RemoteHelper):
    """``simple_producer(data, buffer_size)`` for the helper cases; ``more()``
    answers from the values a producer made in the agent returned.  (Steps
    that push a simple_producer use the agent's own, in the agent.)  Without
    ``buffer_size`` the agent's call leaves it out too."""

    def __call__(self, data: bytes, *buffer_size: int) -> "_RemoteProducer":
        return _RemoteProducer(self, data, buffer_size[0] if buffer_size else None)


class _RemoteProducer:
    def __init__(
        self, helper: RemoteSimpleProducer, data: bytes, buffer_size: Optional[int]
    ) -> None:
        self.helper, self.data, self.buffer_size = helper, data, buffer_size
        self.calls = 0
        self.values: Optional[List[Any]] = None

    def more(self) -> Any:
        self.calls += 1
        if self.values is None or self.calls > len(self.values):
            self.values = list(
                self.helper._ask(
                    {
                        "cmd": "simple_producer_more",
                        "data": encode(self.data),
                        "buffer_size": self.buffer_size,
                        "calls": max(2 * self.calls, 64),
                    }
                )
            )
        # What the agent's more() raised comes back as "raised TypeError",
        # the observation test_helpers makes of an exception.
        return self.values[self.calls - 1]


def find_python(python: str) -> str:
    found = shutil.which(python) if os.sep not in python else python
    if not found or not os.access(found, os.X_OK):
        raise TargetUnavailable("--target-python %s: no such interpreter" % python)
    return found


def load_remote(target: Target, python: str, pythonpath: Optional[str] = None) -> RemoteTarget:
    """``target`` loaded by an agent running ``python``, importing from
    ``pythonpath`` first (else from ``$ASYNCHAT_TARGET_PYTHONPATH``); a
    ``TargetUnavailable`` with one line if that interpreter cannot load it."""
    agent = Agent(find_python(python), target, pythonpath)
    try:
        version = tuple(int(part) for part in agent.start()["python"].split(".")[:2])
        reason = target.unavailable_on(version)
        if reason is None:
            agent.ensure()
            reason = target.unavailable_with(agent.loaded["version"] or None)
    except TargetUnavailable as exc:
        reason = str(exc)
    except AgentDied as exc:
        agent.stop()
        raise TargetUnavailable("target %r: %s" % (target.name, exc)) from None
    if reason:
        agent.stop()
        raise unusable(target, "%s (on %s)" % (reason, python))
    remote = RemoteTarget(target.name, agent, target.read_deviations(version))
    remote.description += " [out of process: %s %s, %s]" % (
        agent.python["implementation"],
        agent.python["python"],
        agent.python["executable"],
    )
    return remote


__all__ = ["RemoteTarget", "RemoteChannel", "load_remote", "Agent"]
