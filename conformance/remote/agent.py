"""The agent: runs a target in another interpreter for the harness.

Started by ``remote.proxy`` as ``python agent.py CHANNEL LOADER`` under
the interpreter to judge (CPython 2.7 or any 3.x), with the paths of
``channel.py`` and ``loader.py``: the same channel side as in the harness's
own process, loaded here under private names.  It takes commands as JSON
lines on its standard input and answers each with one JSON line on its
standard output; a channel command is a call of the ``ChannelSide`` method
of that name.  The data channel is a real socket: the agent connects to a
listener the harness opened (a Unix socket, or loopback TCP when the
scenario resets), and its channel uses that end.

Like the two modules it loads, this file runs unchanged on Python 2.7 and
3.x and imports nothing from its package.  Values travel as JSON, byte
strings base64-encoded (``encode``/``decode``, which the harness uses too).
A scenario step (a dataclass of ``scenario.py``) travels as its class name,
description and fields, and arrives as a ``ReceivedStep``: the only place
where a step is anything but the scenario's own object.
"""

import base64
import json
import os
import signal
import socket
import sys
import traceback

try:  # for the type comments; Python 2 has no typing
    from typing import Any  # noqa: F401
except ImportError:
    pass

PY2 = sys.version_info[0] == 2
if sys.version_info[0] == 2:
    text_type = unicode  # noqa: F821
else:
    text_type = str
#: Commands that are ``ChannelSide`` methods, called with the decoded ``args``.
CHANNEL_COMMANDS = ("start", "step", "deliver", "peer_closed", "settle")


# -- values on the wire ------------------------------------------------------------


class ReceivedStep(object):
    """A scenario step as the agent received it: its fields as attributes,
    and ``describe()`` as the harness described it.  Each kind of step gets
    a subclass named as its dataclass (``step_class``), the name the channel
    side dispatches on."""

    def __init__(self, description, fields):
        self.__dict__.update(fields)
        self._description = description

    def describe(self):
        return self._description

    def __repr__(self):
        return "<%s: %s>" % (type(self).__name__, self._description)


_STEP_CLASSES = {}  # type: dict[str, type]


def step_class(kind):
    """The ``ReceivedStep`` subclass for steps of class ``kind``."""
    if kind not in _STEP_CLASSES:
        _STEP_CLASSES[kind] = type(str(kind), (ReceivedStep,), {})
    return _STEP_CLASSES[kind]


def encode(value):
    """A JSON-able form of a value the harness compares (or sends)."""
    fields = getattr(value, "__dataclass_fields__", None)
    if fields is not None and hasattr(value, "describe"):  # a scenario step
        return {
            "step": {
                "kind": type(value).__name__,
                "describe": value.describe(),
                "fields": dict((name, encode(getattr(value, name))) for name in fields),
            }
        }
    if isinstance(value, bytes):  # str on Python 2
        return {"bytes": base64.b64encode(value).decode("ascii")}
    if isinstance(value, bytearray):
        return {"bytearray": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, memoryview):
        return {"memoryview": base64.b64encode(value.tobytes()).decode("ascii")}
    errno_name = getattr(value, "errno_name", None)  # a channel.ErrorName's
    if isinstance(value, text_type) and errno_name:
        return {"error": [text_type(value), errno_name]}
    if isinstance(value, text_type):
        return {"str": value}
    if isinstance(value, (list, tuple)):
        return {"list": [encode(v) for v in value]}
    if isinstance(value, dict):
        return {"dict": dict((key, encode(v)) for key, v in value.items())}
    if isinstance(value, bool) or value is None or isinstance(value, (int, float)):
        return value
    if PY2 and isinstance(value, long):  # noqa: F821
        return int(value)
    return {"repr": repr(value)}


def decode(value, error_name=None):
    """The value ``encode`` made a JSON-able form of (sequences as tuples);
    an exception's name made by ``error_name`` (``channel.ErrorName``), if
    given, else as plain text."""
    if isinstance(value, dict):
        if "step" in value:
            step = value["step"]
            fields = dict((str(name), decode(v)) for name, v in step["fields"].items())
            return step_class(step["kind"])(step["describe"], fields)
        if "error" in value:
            name, errno_name = value["error"]
            return error_name(name, errno_name) if error_name else name
        if "bytes" in value:
            return base64.b64decode(value["bytes"].encode("ascii"))
        if "bytearray" in value:
            return bytearray(base64.b64decode(value["bytearray"].encode("ascii")))
        if "memoryview" in value:
            return memoryview(base64.b64decode(value["memoryview"].encode("ascii")))
        if "str" in value:
            return value["str"]
        if "list" in value:
            return tuple(decode(v, error_name) for v in value["list"])
        if "dict" in value:
            return dict((str(key), decode(v, error_name)) for key, v in value["dict"].items())
    return value


# -- the deadline ----------------------------------------------------------------------


class AgentDeadline(SystemExit):
    """Raised in the target's code when a command runs out of time.  A
    ``SystemExit``: asyncore's loop re-raises it rather than handing it to
    ``handle_error()``, and ``except Exception`` in a target lets it by."""


class Alarm(object):
    """A command's deadline: after ``seconds``, and every 50 ms after that
    (a target may swallow one with a bare ``except:``), ``AgentDeadline`` is
    raised wherever the target is; the first firing notes its stack."""

    REPEAT = 0.05

    def __init__(self, seconds):
        self.seconds = seconds
        self.stack = None
        self.armed = False

    def arm(self):
        if not self.seconds or not hasattr(signal, "setitimer"):
            return
        self.armed = True
        signal.signal(signal.SIGALRM, self._fire)
        signal.setitimer(signal.ITIMER_REAL, self.seconds, self.REPEAT)

    def disarm(self):
        self.armed = False
        if hasattr(signal, "setitimer"):
            signal.setitimer(signal.ITIMER_REAL, 0)

    def _fire(self, signum, frame):
        if not self.armed or frame is None or frame.f_code in _AGENT_OWN_CODE:
            return  # leaving the command anyway: the next firing, if any, is harmless
        if self.stack is None:
            self.stack = target_stack(frame)
        raise AgentDeadline("no answer within %gs" % self.seconds)


#: The agent's own files (this one, the channel side, the loader): frames
#: there are the harness's, not the target's.
HARNESS_FILES = set([os.path.abspath(__file__)])


def target_stack(frame, limit=30):
    """``frame``'s stack from where the agent called into the target."""
    frames = list(traceback.extract_stack(frame))
    ours = [os.path.abspath(entry[0]) in HARNESS_FILES for entry in frames]
    start = 0
    for index in range(len(frames) - 1):
        if ours[index] and not ours[index + 1]:
            start = index
            break
    frames = frames[start:]
    if len(frames) > limit:
        frames = frames[:3] + frames[-(limit - 3) :]
    return [_as_text(line) for line in traceback.format_list(frames)]


def _as_text(line):
    return line.decode("utf-8", "replace") if isinstance(line, bytes) else line


# -- the command loop ----------------------------------------------------------------


class Agent(object):
    """The target (``loader.Loaded``) and its channel (``channel.ChannelSide``)."""

    def __init__(self, channel, loader):
        self.channel_module, self.loader = channel, loader
        self.loaded = None  # type: Any
        self.side = None  # type: Any

    def state(self, reply):
        """``reply`` with what the channel did since the last reply."""
        side = self.side
        if side is not None:
            reply["calls"] = [[name, encode(value)] for name, value in side.take_calls()]
            reply["sent"] = side.sent
            reply["open"] = side.open
            reply["closed"] = side.closed
        return reply

    def handle(self, command):
        op = command["cmd"]
        if op in CHANNEL_COMMANDS:
            getattr(self.side, op)(*decode(command["args"]))
            return self.state({})
        if op == "load":
            loaded = self.loaded = self.loader.load(**decode(command["target"]))
            return {
                "description": loaded.description,
                "version": loaded.version,
                "simple_producer": loaded.simple_producer is not None,
                "find_prefix_at_end": loaded.find_prefix_at_end is not None,
                "built_as": loaded.built_as,
            }
        if op == "hello":
            return {
                "python": "%d.%d.%d" % tuple(sys.version_info[:3]),
                "implementation": _implementation(),
                "executable": sys.executable,
            }
        if op == "connect":
            self._close()
            sock = _connect(command)
            self.side = self.channel_module.ChannelSide(
                self.loaded, decode(command["settings"]), sock
            )
            self.side.peer_reads = command["peer_reads"]
            return {}
        if op == "close":
            self._close()
            return {}
        if op == "find_prefix_at_end":
            return {
                "value": self._observe(
                    self.loaded.find_prefix_at_end, *[decode(a) for a in command["args"]]
                )
            }
        if op == "construct":
            saved = self.channel_module.GlobalState(self.loaded.global_state)
            try:
                built = self.loader.construct(
                    self.loaded.chat, command["call"], self.channel_module.raised_name
                )
            finally:
                saved.restore()  # the constructor's changes to the process, as after a channel
            return {"value": encode(built)}
        if op == "simple_producer_more":
            # No buffer_size: the call leaves it out, so its default is judged.
            sizes = [command["buffer_size"]] if command["buffer_size"] is not None else []
            try:
                producer = self.loaded.simple_producer(decode(command["data"]), *sizes)
            except Exception as exc:
                return {"value": [encode(self._raised(exc))]}
            return {"value": [self._observe(producer.more) for _ in range(command["calls"])]}
        raise ValueError("unknown command %r" % (op,))

    def _raised(self, exc):
        """What a call raised, as an observation: named as this Python names it."""
        return u"raised " + self.channel_module.raised_name(type(exc))

    def _observe(self, function, *args):
        try:
            return encode(function(*args))
        except Exception as exc:
            return encode(self._raised(exc))

    def _close(self):
        if self.side is not None:
            self.side.close()
            self.side = None

    def reply(self, command):
        """The reply to ``command``, as a dict with ``ok``, within the
        command's ``seconds`` if it has them."""
        alarm = Alarm(command.get("seconds"))
        try:
            try:
                alarm.arm()
                reply = self.handle(command)
            finally:
                alarm.disarm()
            reply["ok"] = True
        except AgentDeadline as exc:
            alarm.disarm()
            reply = self.state({"ok": False, "timeout": _text(exc), "stack": alarm.stack or []})
        except self.loader.LoadError as exc:
            reply = {"ok": False, "error": str(exc)}
        except self.channel_module.Unsupported as exc:
            reply = {"ok": False, "unsupported": str(exc)}
        except Exception as exc:  # the target raised out of its loop or constructor
            reply = self.state(
                {
                    "ok": False,
                    "crash": u"%s: %s" % (self.channel_module.raised_name(type(exc)), _text(exc)),
                }
            )
        return reply


#: Where a firing must not raise: the agent leaving a command (the timer is
#: being turned off there).
_AGENT_OWN_CODE = (Agent.__dict__["reply"].__code__, Alarm.__dict__["disarm"].__code__)


def _text(exc):
    try:
        return text_type(exc)
    except Exception:
        return repr(exc)


def _implementation():
    try:
        import platform

        return platform.python_implementation()
    except Exception:
        return "CPython"


def _connect(command):
    if command["family"] == "unix":
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.connect(command["address"])
    else:
        sock = socket.create_connection(tuple(command["address"]))
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    size = command.get("buffer_size")
    if size:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, size)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, size)
    return sock


def _load_source(name, path):
    """The module in file ``path``, as ``name`` (no bytecode left beside it)."""
    writes, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    try:
        try:
            import importlib.util

            spec = importlib.util.spec_from_file_location(name, path)
            # A None spec or loader raises AttributeError, as Python 2's missing importlib.util.
            module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
            sys.modules[name] = module
            spec.loader.exec_module(module)  # type: ignore[union-attr]
            return module
        except (ImportError, AttributeError):  # Python 2: no importlib.util
            import imp

            return imp.load_source(name, path)
    finally:
        sys.dont_write_bytecode = writes


def main():
    channel_path, loader_path = sys.argv[1:3]
    HARNESS_FILES.update(os.path.abspath(path) for path in (channel_path, loader_path))
    # Import targets as ``python -m pytest`` in this directory would, not
    # from the harness's package directory (whose modules would shadow a
    # target's imports: a ``trace.py`` there would hide the stdlib's), and
    # from ASYNCHAT_TARGET_PYTHONPATH first: packages installed for this
    # interpreter only (``pip install --target DIR``).
    here = os.path.dirname(os.path.abspath(__file__))
    if sys.path and os.path.abspath(sys.path[0] or os.curdir) == here:
        sys.path[0] = os.getcwd()
    extra = os.environ.get("ASYNCHAT_TARGET_PYTHONPATH", "")
    sys.path[0:0] = [path for path in extra.split(os.pathsep) if path]
    agent = Agent(
        _load_source("_asynchat_conformance_channel", channel_path),
        _load_source("_asynchat_conformance_loader", loader_path),
    )
    # The control channel is private descriptors: whatever the target prints
    # goes to stderr, and it reads nothing from the harness.
    control_in = os.fdopen(os.dup(0), "rb")
    control_out = os.dup(1)
    os.dup2(2, 1)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    while True:
        line = control_in.readline()
        if not line:
            return
        reply = agent.reply(json.loads(line.decode("utf-8")))
        data = (json.dumps(reply) + "\n").encode("utf-8")
        while data:
            data = data[os.write(control_out, data) :]


if __name__ == "__main__":
    main()
