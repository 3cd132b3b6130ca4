"""The agent: runs a target in another interpreter for the harness.

Started by ``conformance.remote`` as ``python agent.py`` under the
interpreter to judge (CPython 2.7 or any 3.x), it loads an ``async_chat``
(``module`` or ``module:attr``), wraps it in the same recording probe as
``conformance/probe.py`` and takes commands as JSON lines on its standard
input, answering each with one JSON line on its standard output.  The data
channel is a real socket: the agent connects to a listener the harness
opened (a Unix socket, or loopback TCP when the scenario resets), and its
channel uses that end.

This file must stay one script with no dependencies that runs unchanged on
Python 2.7 and 3.x: no f-strings, dataclasses or annotations.  Byte strings
travel base64-encoded (see ``encode``/``decode``).
"""

import base64
import inspect
import json
import os
import select
import socket
import sys
import warnings

PY2 = sys.version_info[0] == 2
text_type = unicode if PY2 else str  # noqa: F821
#: Loop rounds without progress after which the channel is taken to be idle
#: (driver.IDLE_ROUNDS).
IDLE_ROUNDS = 64
#: While waiting for the peer to make room, how long one idle round may wait.
IDLE_WAIT = 0.002


# -- values on the wire ------------------------------------------------------------

def name_of(kind):
    """An exception class's name as text (a byte string on Python 2)."""
    name = kind.__name__
    return name.decode("ascii") if isinstance(name, bytes) else name


def encode(value):
    """A JSON-able form of a value the harness compares."""
    if isinstance(value, bytes):  # str on Python 2
        return {"bytes": base64.b64encode(value).decode("ascii")}
    if isinstance(value, bytearray):
        return {"bytearray": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, memoryview):
        return {"memoryview": base64.b64encode(value.tobytes()).decode("ascii")}
    if isinstance(value, text_type):
        return {"str": value}
    if isinstance(value, (list, tuple)):
        return {"list": [encode(v) for v in value]}
    if isinstance(value, bool) or value is None or isinstance(value, (int, float)):
        return value
    if PY2 and isinstance(value, long):  # noqa: F821
        return int(value)
    return {"repr": repr(value)}


def decode(value):
    if isinstance(value, dict):
        if "bytes" in value:
            return base64.b64decode(value["bytes"].encode("ascii"))
        if "bytearray" in value:
            return bytearray(base64.b64decode(value["bytearray"].encode("ascii")))
        if "memoryview" in value:
            return memoryview(base64.b64decode(value["memoryview"].encode("ascii")))
        if "str" in value:
            return value["str"]
        if "list" in value:
            return tuple(decode(v) for v in value["list"])
    return value


# -- the probe (conformance/probe.py, in this interpreter) --------------------------

class ListProducer:
    def __init__(self, chunks):
        self._chunks = list(chunks)

    def more(self):
        return self._chunks.pop(0) if self._chunks else b""


class Unsupported(Exception):
    pass


def apply(channel, step, simple_producer):
    """Perform one channel-side step (a decoded JSON step) on ``channel``."""
    op = step["op"]
    if op == "SetTerminator":
        channel.set_terminator(decode(step["terminator"]))
    elif op == "GetTerminator":
        channel._probe_record("get_terminator", channel.get_terminator())
    elif op == "Push":
        channel.push(decode(step["data"]))
    elif op == "PushProducer":
        channel.push_with_producer(ListProducer(decode(step["chunks"])))
    elif op == "PushSimpleProducer":
        if simple_producer is None:
            raise Unsupported("the target has no simple_producer")
        channel.push_with_producer(simple_producer(decode(step["data"]), step["buffer_size"]))
    elif op == "CloseWhenDone":
        channel.close_when_done()
    elif op == "DiscardBuffers":
        channel.discard_buffers()
    else:
        raise TypeError("not a channel step: %r" % (op,))


def make_probe(base, scenario, calls, simple_producer):
    on_found = scenario.get("on_found") or []

    def record(name, value=None):
        if calls.on:
            calls.append([name, encode(value)])

    class Probe(base):
        _probe_received = 0
        _probe_sent = 0
        _probe_found = 0

        def _probe_record(self, name, value=None):
            record(name, value)

        def collect_incoming_data(self, data):
            record("collect_incoming_data", bytes(data))

        def found_terminator(self):
            record("found_terminator", self.get_terminator())
            index = self._probe_found
            self._probe_found = index + 1
            for reaction in (on_found[index] if index < len(on_found) else ()):
                apply(self, reaction, simple_producer)

        def handle_close(self):
            record("handle_close")
            base.handle_close(self)

        def handle_error(self):
            record("handle_error", name_of(sys.exc_info()[0]))
            self.close()

        def recv(self, buffer_size):
            data = base.recv(self, buffer_size)
            self._probe_received += len(data)
            return data

        def send(self, data):
            sent = base.send(self, data)
            self._probe_sent += sent or 0
            return sent

    for name in ("ac_in_buffer_size", "ac_out_buffer_size"):
        if scenario.get(name) is not None:
            setattr(Probe, name, scenario[name])
    if scenario.get("use_encoding"):
        Probe.use_encoding = 1
    return Probe


class Calls(list):
    on = True


# -- loading a target -----------------------------------------------------------------

def load(spec, distribution=None):
    """(async_chat class, its module, the module named by spec)."""
    module_name, _, attr = spec.partition(":")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            __import__(module_name)
        except ImportError as exc:
            raise LoadError("cannot import %r: %s" % (module_name, exc))
        except Exception as exc:
            raise LoadError("importing %r failed: %s: %s" % (module_name, type(exc).__name__, exc))
    module = sys.modules[module_name]
    chat = getattr(module, attr or "async_chat", None)
    if not inspect.isclass(chat):
        raise LoadError("%r has no async_chat class%s" % (
            module_name, " named %r" % attr if attr else ""))
    home = sys.modules.get(chat.__module__, module)
    poll = None
    for klass in inspect.getmro(chat):
        candidate = getattr(sys.modules.get(klass.__module__), "poll", None)
        if klass.__name__ == "dispatcher" and callable(candidate):
            poll = candidate
            break
    if poll is None:
        raise LoadError("%s.%s does not derive from an asyncore-style dispatcher"
                        % (chat.__module__, chat.__name__))
    loops = []
    for klass in inspect.getmro(chat):
        mod = sys.modules.get(klass.__module__)
        if mod is not None and isinstance(getattr(mod, "socket_map", None), dict) and mod not in loops:
            loops.append(mod)
    version = str(getattr(home, "__version__", "") or getattr(module, "__version__", "") or "")
    if distribution:
        version = distribution_version(distribution) or ""
    where = getattr(home, "__file__", None) or "<built-in>"
    if where.endswith(".pyc"):
        where = where[:-1]
    if getattr(home, "__version__", None):
        where += " (version %s)" % home.__version__
    # The named module's own helpers first (as conformance.target does).
    helper = lambda name: getattr(module, name, None) or getattr(home, name, None)  # noqa: E731
    return {
        "chat": chat, "poll": poll, "loops": loops, "version": version,
        "simple_producer": helper("simple_producer"),
        "find_prefix_at_end": helper("find_prefix_at_end"),
        "description": "%s.%s from %s" % (chat.__module__, getattr(chat, "__qualname__", chat.__name__),
                                          where),
    }


def distribution_version(name):
    try:
        from importlib import metadata
        return metadata.version(name)
    except Exception:
        pass
    try:
        import pkg_resources
        return pkg_resources.get_distribution(name).version
    except Exception:
        return None


class LoadError(Exception):
    pass


# -- one channel ---------------------------------------------------------------------

class Channel(object):
    def __init__(self, target, scenario, sock, peer_reads):
        self.target = target
        self.scenario = scenario
        self.sock = sock
        self.peer_reads = peer_reads
        self.map = {}
        self.calls = Calls()
        self.saved = (socket.getdefaulttimeout(), sys.stdout, sys.stderr,
                      [(m.socket_map, dict(m.socket_map)) for m in target["loops"]])
        probe = make_probe(target["chat"], scenario, self.calls, target["simple_producer"])
        self.channel = probe(sock, map=self.map)

    def counters(self):
        return (self.channel._probe_received, self.channel._probe_sent)

    def pump_until(self, done):
        idle = 0
        poll = self.target["poll"]
        while not done() and idle < IDLE_ROUNDS:
            before = self.counters()
            poll(0.0, self.map)
            if self.counters() != before:
                idle = 0
                continue
            idle += 1
            if self.peer_reads and self.map:
                # Give the peer, in the harness's process, time to make room
                # or to send: what one loop round of the in-process driver
                # would have had.
                fd = self.fileno()
                if fd >= 0:
                    writers = [fd] if self.channel.writable() else []
                    try:
                        select.select([fd], writers, [], IDLE_WAIT)
                    except (select.error, ValueError, OSError):
                        pass

    def fileno(self):
        """The channel socket's descriptor; -1 once it is closed."""
        try:
            return self.sock.fileno()
        except Exception:  # Python 2: a closed socket raises EBADF
            return -1

    def settle(self):
        self.pump_until(lambda: not self.map or not self.channel.writable())

    def call(self, step):
        if step["op"] == "Batch":
            for inner in step["steps"]:
                self.call(inner)
            return
        try:
            apply(self.channel, step, self.target["simple_producer"])
        except Unsupported:
            raise
        except Exception as exc:
            self.calls.append(["raised", encode([step["describe"], name_of(type(exc))])])

    def close(self):
        self.calls.on = False
        self.map.clear()
        try:
            self.sock.close()
        except Exception:
            pass
        timeout, out, err, maps = self.saved
        socket.setdefaulttimeout(timeout)
        sys.stdout, sys.stderr = out, err
        for live, saved in maps:
            if live != saved:
                live.clear()
                live.update(saved)


# -- the command loop ----------------------------------------------------------------

class Agent(object):
    def __init__(self):
        self.target = None
        self.channel = None

    def state(self, reply):
        channel = self.channel
        if channel is not None:
            reply["calls"] = list(channel.calls)
            del channel.calls[:]
            reply["sent"] = channel.channel._probe_sent
            reply["open"] = bool(channel.map)
            # Whether the peer will see EOF: a target may leave the map and
            # keep its socket open.
            reply["closed"] = channel.fileno() < 0
        return reply

    def handle(self, command):
        op = command["cmd"]
        if op == "load":
            target = load(command["spec"], command.get("distribution"))
            self.target = target
            return {"description": target["description"], "version": target["version"],
                    "simple_producer": target["simple_producer"] is not None,
                    "find_prefix_at_end": target["find_prefix_at_end"] is not None,
                    "python": "%d.%d.%d" % tuple(sys.version_info[:3]),
                    "implementation": _implementation(), "executable": sys.executable}
        if op == "connect":
            if self.channel is not None:
                self.channel.close()
                self.channel = None
            self.sock = _connect(command)
            return {}
        if op == "start":
            sock, self.sock = self.sock, None
            try:
                self.channel = Channel(self.target, command["scenario"], sock, command["peer_reads"])
            except BaseException:
                sock.close()
                raise
            self.channel.call(command["initial"])
            self.channel.settle()
            return self.state({})
        if op == "call":
            self.channel.call(command["step"])
            self.channel.settle()
            return self.state({})
        if op == "deliver":
            channel, total = self.channel, command["total"]
            channel.pump_until(lambda: channel.channel._probe_received >= total or not channel.map)
            if command.get("settle"):
                channel.settle()
            return self.state({})
        if op == "peer_closed":
            channel = self.channel
            channel.peer_reads = False
            channel.pump_until(lambda: not channel.map)
            channel.settle()
            return self.state({})
        if op == "settle":
            self.channel.settle()
            return self.state({})
        if op == "close":
            if self.channel is not None:
                self.channel.close()
                self.channel = None
            return {}
        if op == "find_prefix_at_end":
            return {"value": _observe(self.target["find_prefix_at_end"],
                                      *[decode(a) for a in command["args"]])}
        if op == "simple_producer_more":
            try:
                producer = self.target["simple_producer"](decode(command["data"]),
                                                          command["buffer_size"])
            except Exception as exc:
                return {"value": [encode(u"raised " + name_of(type(exc)))]}
            return {"value": [_observe(producer.more) for _ in range(command["calls"])]}
        raise ValueError("unknown command %r" % (op,))


def _observe(function, *args):
    try:
        return encode(function(*args))
    except Exception as exc:
        return encode(u"raised " + name_of(type(exc)))


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


def main():
    # Import targets as ``python -m pytest`` in this directory would, not
    # from the harness's package directory (which holds a ``trace.py``), and
    # from ASYNCHAT_TARGET_PYTHONPATH first: packages installed for this
    # interpreter only (``pip install --target DIR``).
    here = os.path.dirname(os.path.abspath(__file__))
    if sys.path and os.path.abspath(sys.path[0] or os.curdir) == here:
        sys.path[0] = os.getcwd()
    extra = os.environ.get("ASYNCHAT_TARGET_PYTHONPATH", "")
    sys.path[0:0] = [path for path in extra.split(os.pathsep) if path]
    # The control channel is private descriptors: whatever the target prints
    # goes to stderr, and it reads nothing from the harness.
    control_in = os.fdopen(os.dup(0), "rb")
    control_out = os.dup(1)
    os.dup2(2, 1)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    agent = Agent()
    while True:
        line = control_in.readline()
        if not line:
            return
        command = json.loads(line.decode("utf-8"))
        try:
            reply = agent.handle(command)
            reply["ok"] = True
        except LoadError as exc:
            reply = {"ok": False, "error": str(exc)}
        except Unsupported as exc:
            reply = {"ok": False, "unsupported": str(exc)}
        except Exception as exc:  # the target raised out of its loop or constructor
            reply = agent.state({"ok": False, "crash": u"%s: %s" % (name_of(type(exc)), _text(exc))})
        data = (json.dumps(reply) + "\n").encode("utf-8")
        while data:
            data = data[os.write(control_out, data):]


if __name__ == "__main__":
    main()
