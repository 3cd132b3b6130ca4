"""The channel side: what happens in the target's own process.

One channel of the target, subclassed by the recording probe, on a socket
map of its own; the scenario's channel steps performed on it (dispatched on
the step's class name by ``OPS``); the loop pumped until the channel is
idle; and the process-wide state a target may change, put back when the
channel is closed.  ``ChannelSide`` is the whole of it.

The same code serves both ways a target is run: the driver uses it directly
in the harness's process, and the agent (``agent.py``) in another
interpreter, on behalf of ``remote/proxy.py``.  Hence this file is plain Python
that runs unchanged on 2.7 and 3.x: no f-strings, annotations, dataclasses,
keyword-only arguments or imports from this package.

A step is any object with its fields as attributes and a ``describe()``
method: in this process, the scenario's dataclass itself; in an agent, the
object ``agent.decode`` made of it, whose class has the same name.  Adding a
step kind: its dataclass in ``scenario.py`` and its function in ``OPS`` below
-- nothing else.
"""

import errno
import os
import select
import socket
import sys
import warnings

try:  # for the type comments; Python 2 has no typing
    from typing import Any, Dict  # noqa: F401
except ImportError:
    pass

#: Loop rounds without progress after which the channel is taken to be idle.
IDLE_ROUNDS = 64
#: While the peer is in another process: how long an idle round waits for
#: it to make room or to send.
IDLE_WAIT = 0.002

# What the probe records: trace.Call names.
COLLECT = "collect_incoming_data"
FOUND = "found_terminator"
CLOSE = "handle_close"
ERROR = "handle_error"
RAISED = "raised"
GET_TERMINATOR = "get_terminator"
# What the observation steps record (scenario.Inspect, CallMethod, ...).
ATTRIBUTE = "attribute"
RETURNED = "returned"
READINESS = "readiness"
SENT_SO_FAR = "sent so far"
SEND = "send"
COLLECTED_TYPE = "collected type"
GET_DATA = "_get_data"
CONNECT = "handle_connect"
#: What an ``Inside`` step records when the callback it armed performs its
#: steps: (callback, the steps described).
REENTERED = "reentered"


class Unsupported(Exception):
    """The scenario needs an API the target does not have."""


def name_of(kind):
    # type: (type) -> str
    """An exception class's name as text (a byte string on Python 2)."""
    name = kind.__name__
    return name.decode("ascii") if isinstance(name, bytes) else name


def raised_name(kind):
    # type: (type) -> str
    """An exception class's name as its own Python's traceback prints it:
    qualified by its module unless built in (``socket.error`` on 2.7, whose
    ``__name__`` is only ``error``; ``ConnectionResetError`` on 3)."""
    module = getattr(kind, "__module__", None)
    if module in (None, "builtins", "exceptions", "__main__"):
        return name_of(kind)
    return u"%s.%s" % (module, name_of(kind))


#: The exception class Python 3 raises for an OSError with each errno (PEP
#: 3151); Python 2 raises socket.error or IOError for all of them.
_PY3_ERROR_NAMES = {
    "EAGAIN": "BlockingIOError",
    "EWOULDBLOCK": "BlockingIOError",
    "EALREADY": "BlockingIOError",
    "EINPROGRESS": "BlockingIOError",
    "EPIPE": "BrokenPipeError",
    "ESHUTDOWN": "BrokenPipeError",
    "ECONNABORTED": "ConnectionAbortedError",
    "ECONNREFUSED": "ConnectionRefusedError",
    "ECONNRESET": "ConnectionResetError",
    "ETIMEDOUT": "TimeoutError",
    "EINTR": "InterruptedError",
}

if sys.version_info[0] < 3:
    _Text = unicode  # noqa: F821
else:
    _Text = str


class ErrorName(_Text):
    """An exception class's name as traces compare it: Python 3's, whose
    OSError subclasses follow the errno, so that a 2.7 target's trace
    compares with the model's.  ``errno_name`` (an OSError's errno, by name)
    is what a report needs to name the exception as a Python 2 target
    raised it: ``socket.error`` with that errno."""

    errno_name = None  # type: str | None

    def __new__(cls, name, errno_name=None):
        self = _Text.__new__(cls, name)
        self.errno_name = errno_name
        return self


def error_name(kind, value=None):
    """The name of exception class ``kind`` (``value`` its instance) as
    traces compare it (see ``ErrorName``)."""
    code = getattr(value, "errno", None) if isinstance(value, EnvironmentError) else None
    errno_name = errno.errorcode.get(code) if isinstance(code, int) else None
    if sys.version_info[0] < 3 and code:
        return ErrorName(_PY3_ERROR_NAMES.get(errno_name, "OSError"), errno_name)
    return ErrorName(name_of(kind), errno_name)


class ListProducer(object):
    """A producer whose ``more()`` hands out fixed chunks, then ``b""``."""

    def __init__(self, chunks, channel=None):
        self._chunks = list(chunks)
        self._channel = channel

    def more(self):
        chunk = self._chunks.pop(0) if self._chunks else b""
        if self._channel is not None:
            self._channel._probe_reenter(MORE)
        return chunk


# -- the scenario's channel steps ----------------------------------------------------
# Each takes (channel, step, simple_producer) and reads the step's fields as
# attributes (``step.data``).


def _set_terminator(channel, step, simple_producer):
    channel.set_terminator(step.terminator)


def _get_terminator(channel, step, simple_producer):
    channel._probe_record(GET_TERMINATOR, channel.get_terminator())


def _push(channel, step, simple_producer):
    channel.push(step.data)


def _push_producer(channel, step, simple_producer):
    channel.push_with_producer(ListProducer(step.chunks, channel))


def _push_simple_producer(channel, step, simple_producer):
    if simple_producer is None:
        raise Unsupported("the target has no simple_producer")
    sizes = [] if step.buffer_size is None else [step.buffer_size]  # None: its default
    channel.push_with_producer(simple_producer(step.data, *sizes))


def _close_when_done(channel, step, simple_producer):
    channel.close_when_done()


def _discard_buffers(channel, step, simple_producer):
    channel.discard_buffers()


# -- observation and fault steps -----------------------------------------------------


def _plain(value):
    """A value as the trace compares it: bytes-like as bytes, sequences as
    tuples, other objects by their type's name."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, memoryview):
        return value.tobytes()
    if isinstance(value, (list, tuple)) or type(value).__name__ == "deque":
        return tuple(_plain(item) for item in value)
    if (
        value is None
        or isinstance(value, (bool, int, float))
        or type(value).__name__ in ("str", "unicode", "long")
    ):
        return value
    # Its class, not its type: on Python 2 every old-style instance's type
    # is "instance".
    return "<%s>" % name_of(getattr(value, "__class__", type(value)))


def _byte_size(data):
    """How many bytes ``data`` holds (a memoryview's items may be wider)."""
    if isinstance(data, memoryview):
        return data.nbytes if hasattr(data, "nbytes") else len(data.tobytes())
    try:
        return len(data)
    except TypeError:
        return 0


class FalsyProducer(ListProducer):
    """A producer that is false in a boolean context."""

    def __len__(self):
        return 0

    __bool__ = __nonzero__ = lambda self: False


class _FailingSocket(object):
    """The channel's socket, but ``call`` raises ``OSError(code)``."""

    def __init__(self, sock, call, code):
        self._sock, self._call, self._code = sock, call, code

    def _fail(self, *args):
        raise socket.error(self._code, os.strerror(self._code))

    def __getattr__(self, name):
        if name == self._call:
            return self._fail
        return getattr(self._sock, name)


def _inspect(channel, step, simple_producer):
    channel._probe_record(ATTRIBUTE, (step.name, _plain(getattr(channel, step.name))))


def _call_method(channel, step, simple_producer):
    if step.own:
        method = getattr(channel._probe_base, step.name)
        args = (channel,) + tuple(step.args)
    else:
        method = getattr(channel, step.name)
        args = tuple(step.args)
    try:
        value = method(*args)
    except Exception as exc:
        if not step.message:
            raise
        channel._probe_record(RAISED, (step.describe(), "%s: %s" % (name_of(type(exc)), exc)))
        return
    channel._probe_record(RETURNED, (step.describe(), _plain(value)))


def _readiness(channel, step, simple_producer):
    channel._probe_record(READINESS, (bool(channel.readable()), bool(channel.writable())))


def _sent_so_far(channel, step, simple_producer):
    channel._probe_record(SENT_SO_FAR, channel._probe_sent)


WATCHABLE = ("sends", "collected-types", "incoming")


def _observe(channel, step, simple_producer):
    if step.what not in WATCHABLE:
        raise ValueError("cannot observe %r (known: %s)" % (step.what, ", ".join(WATCHABLE)))
    channel._probe_watch = channel._probe_watch | frozenset([step.what])


def _fail_next(channel, step, simple_producer):
    faults = dict(channel._probe_faults)
    faults[(step.call, step.layer)] = getattr(errno, step.error)
    channel._probe_faults = faults


def _set_attribute(channel, step, simple_producer):
    setattr(channel, step.name, step.value)


def _connecting(channel, step, simple_producer):
    channel.connected = False
    channel.connecting = True


def _push_with_producer(channel, step, simple_producer):
    channel.push_with_producer(step.value)


def _push_falsy_producer(channel, step, simple_producer):
    channel.push_with_producer(FalsyProducer(step.chunks))


class ReentrantProducer(object):
    """A producer whose first ``more()`` pushes on its channel, then returns
    its chunk; ``b""`` after that."""

    def __init__(self, channel, chunk, pushed):
        self._channel, self._chunk, self._pushed = channel, chunk, pushed
        self._calls = 0

    def more(self):
        self._calls += 1
        if self._calls > 1:
            return b""
        self._channel.push(self._pushed)
        return self._chunk


def _push_reentrant_producer(channel, step, simple_producer):
    channel.push_with_producer(ReentrantProducer(channel, step.chunk, step.pushed))


def _push_wide(channel, step, simple_producer):
    view = memoryview(step.data)
    if not hasattr(view, "cast"):
        raise Unsupported("memoryview.cast() needs Python 3")
    channel.push(view.cast(step.format))


def _unconnected(channel, step, simple_producer):
    """Take the channel's socket away and leave it as asyncore's dispatcher
    leaves a channel given none: out of its map, no socket, not connected.
    Made by hand rather than by calling the class with no arguments, so that
    the state is the same whatever the constructor requires (the
    constructor's cases judge that).  The socket is kept for ``Connect``."""
    channel.del_channel()
    channel._probe_detached = channel.socket
    channel.socket = None
    channel._fileno = None
    channel.connected = False
    channel.addr = None
    if hasattr(channel, "connecting"):
        channel.connecting = False


def _write_event(channel, step, simple_producer):
    sock = getattr(channel, "socket", None)
    try:
        open_socket = sock is not None and sock.fileno() >= 0
    except Exception:  # Python 2: a closed socket raises EBADF
        open_socket = False
    if open_socket:
        channel.handle_write_event()


def _connect(channel, step, simple_producer):
    sock = channel._probe_detached
    if sock is None:
        return
    channel._probe_detached = None
    channel.set_socket(sock)
    channel.connected = False
    channel.connecting = True


#: A step's class name (``scenario.py``) -> what it does to a channel.
#: ``Batch`` is ``ChannelSide.call``'s; peer steps (``Deliver``,
#: ``PeerClose``) are the session's.
OPS = {
    "SetTerminator": _set_terminator,
    "GetTerminator": _get_terminator,
    "Push": _push,
    "PushProducer": _push_producer,
    "PushSimpleProducer": _push_simple_producer,
    "CloseWhenDone": _close_when_done,
    "DiscardBuffers": _discard_buffers,
    "Inspect": _inspect,
    "CallMethod": _call_method,
    "Readiness": _readiness,
    "SentSoFar": _sent_so_far,
    "Observe": _observe,
    "FailNext": _fail_next,
    "SetAttribute": _set_attribute,
    "Connecting": _connecting,
    "PushWithProducer": _push_with_producer,
    "PushFalsyProducer": _push_falsy_producer,
    "PushWide": _push_wide,
    "PushReentrantProducer": _push_reentrant_producer,
    "Unconnected": _unconnected,
    "WriteEvent": _write_event,
    "Connect": _connect,
}


# -- re-entrancy: steps performed from inside the channel's callbacks ----------------

MORE = u"more"
READABLE = u"readable"
WRITABLE = u"writable"
#: The callbacks an ``Inside`` step can arm: what the channel calls in user
#: code, where that code may call the channel back.
REENTRY_CALLBACKS = (COLLECT, FOUND, MORE, CLOSE, ERROR, READABLE, WRITABLE)


def _inside(channel, step, simple_producer):
    callback = step.callback
    if callback not in REENTRY_CALLBACKS:
        raise ValueError(
            "cannot re-enter from %r (known: %s)" % (callback, ", ".join(REENTRY_CALLBACKS))
        )
    armed = dict(channel._probe_armed)
    armed[callback] = list(armed.get(callback, ())) + list(step.steps)
    channel._probe_armed = armed


def reenter(channel, callback, simple_producer):
    """Perform, once, the steps armed for ``callback``, from inside it: what
    they raise is recorded (as ``ChannelSide.call`` records it), so the
    callback goes on as user code that catches its errors would."""
    steps = channel._probe_armed[callback]
    channel._probe_armed = dict(
        (name, armed) for name, armed in channel._probe_armed.items() if name != callback
    )
    channel._probe_record(
        REENTERED, (u"" + callback, u"; ".join(step.describe() for step in steps))
    )
    for step in steps:
        try:
            perform(channel, step, simple_producer)
        except Unsupported:
            raise
        except Exception as exc:
            where = u"inside %s(): %s" % (callback, step.describe())
            channel._probe_record(RAISED, (where, error_name(type(exc), exc)))


OPS["Inside"] = _inside


def kind(step):
    """The name ``OPS`` knows ``step`` by: its class's, in either process."""
    return type(step).__name__


def perform(channel, step, simple_producer):
    """Perform one channel step on ``channel``."""
    action = OPS.get(kind(step))
    if action is None:
        raise TypeError("not a channel step: %r" % (step,))
    action(channel, step, simple_producer)


# -- the probe ------------------------------------------------------------------------


def make_probe(base, settings, record, simple_producer):
    """A subclass of ``base`` that reports its callbacks to ``record(name,
    value)`` and counts the bytes it receives and sends (its ``recv()`` and
    ``send()`` also raise the faults ``FailNext`` armed).  It is where user
    code runs: it performs ``settings["on_found"][k]`` (steps) inside its
    k-th ``found_terminator()``, and the steps an ``Inside`` step armed
    inside the callback it names -- ``collect_incoming_data()``,
    ``found_terminator()``, ``handle_close()``, ``handle_error()``, and the
    ``readable()``/``writable()`` it overrides to that end (a producer's
    ``more()`` is ``ListProducer``'s)."""
    on_found = settings.get("on_found") or ()

    class Probe(base):  # type: ignore[misc,valid-type]  # the target's class, known at run time
        _probe_base = base
        _probe_received = 0
        _probe_sent = 0
        _probe_found = 0
        #: What ``Observe`` steps turned on, and the faults ``FailNext`` armed:
        #: {(call, layer): errno}.
        _probe_watch = frozenset()  # type: frozenset[str]
        _probe_faults = {}  # type: dict[tuple[str, str], int]
        #: What ``Inside`` steps armed: {callback: [steps]}.
        _probe_armed = {}  # type: dict[str, list[Any]]
        #: The socket ``Unconnected`` took away, for ``Connect`` to give back.
        _probe_detached = None  # type: Any

        def _probe_record(self, name, value=None):
            record(name, value)

        def collect_incoming_data(self, data):
            if "collected-types" in self._probe_watch:
                record(COLLECTED_TYPE, u"bytes" if type(data) is bytes else name_of(type(data)))
            record(COLLECT, bytes(data))
            if "incoming" in self._probe_watch:
                self._collect_incoming_data(data)
            self._probe_reenter(COLLECT)

        def found_terminator(self):
            record(FOUND, self.get_terminator())
            if "incoming" in self._probe_watch:
                record(GET_DATA, _plain(self._get_data()))
            index = self._probe_found
            self._probe_found = index + 1
            for step in on_found[index] if index < len(on_found) else ():
                perform(self, step, simple_producer)
            self._probe_reenter(FOUND)

        def handle_close(self):
            record(CLOSE)
            self._probe_reenter(CLOSE)
            base.handle_close(self)

        def handle_error(self):
            record(ERROR, error_name(*sys.exc_info()[:2]))
            self._probe_reenter(ERROR)
            self.close()

        def readable(self):
            self._probe_reenter(READABLE)
            return base.readable(self)

        def writable(self):
            self._probe_reenter(WRITABLE)
            return base.writable(self)

        def _probe_reenter(self, callback):
            if callback in self._probe_armed:
                reenter(self, callback, simple_producer)

        def handle_connect(self):
            record(CONNECT)

        def recv(self, buffer_size):
            data = self._probe_io("recv", buffer_size)
            self._probe_received += len(data)
            return data

        def send(self, data):
            if "sends" in self._probe_watch:
                record(SEND, _byte_size(data))
            sent = self._probe_io("send", data)
            self._probe_sent += sent or 0
            return sent

        def _probe_io(self, call, argument):
            """The dispatcher's ``call`` -- or the fault a ``FailNext`` armed."""
            faults = self._probe_faults
            for layer in ("dispatcher", "socket"):
                code = faults.get((call, layer))
                if code is None:
                    continue
                self._probe_faults = dict(
                    (key, value) for key, value in faults.items() if key != (call, layer)
                )
                if layer == "dispatcher":
                    raise socket.error(code, os.strerror(code))
                real = self.socket  # type: ignore[has-type]  # the dispatcher's, set at run time
                self.socket = _FailingSocket(real, call, code)
                try:
                    return getattr(base, call)(self, argument)
                finally:
                    if isinstance(self.socket, _FailingSocket):
                        self.socket = real
            return getattr(base, call)(self, argument)

    for name in ("ac_in_buffer_size", "ac_out_buffer_size"):
        if settings.get(name) is not None:
            setattr(Probe, name, settings[name])
    if settings.get("use_encoding"):
        Probe.use_encoding = 1
    Probe.__name__ = "Probe(%s.%s)" % (base.__module__, base.__name__)
    if hasattr(Probe, "__qualname__"):
        Probe.__qualname__ = Probe.__name__
    return Probe


# -- process-wide state ---------------------------------------------------------------


class GlobalState(object):
    """What a target may change for the whole process, taken when a channel
    is made and put back when it is closed: the socket default timeout, the
    standard streams, the warnings filters, and the socket maps of
    ``modules`` (the asyncore-like modules its class runs on)."""

    def __init__(self, modules):
        # type: (Any) -> None
        self.timeout = socket.getdefaulttimeout()
        self.streams = (sys.stdout, sys.stderr)
        self.maps = [(m.socket_map, dict(m.socket_map)) for m in modules]
        self.filters = warnings.catch_warnings()
        self.filters.__enter__()

    def restore(self):
        # type: () -> None
        self.filters.__exit__(None, None, None)
        socket.setdefaulttimeout(self.timeout)
        sys.stdout, sys.stderr = self.streams
        for live, saved in self.maps:
            if live != saved:
                live.clear()
                live.update(saved)


# -- the peer, seen from the channel side -----------------------------------------------


class DistantPeer(object):
    """The peer when it is in another process (the harness, for the agent).

    ``ChannelSide`` asks its peer, while it pumps, for a count that grows when
    the peer moves data (``progress``), lets it act after every loop round
    (``after_pump``) and after a round where nothing moved (``idle``), and
    settles only once the peer is ``quiet``.  A distant peer reads on its
    own: progress is what the channel sent, and an idle round waits a moment
    for the peer to make room or to send.  (The driver's ``Session`` is the
    peer in the harness's own process.)
    """

    def __init__(self, side):
        self.side = side

    def progress(self):
        return self.side.sent

    def after_pump(self):
        pass

    def quiet(self):
        return True

    def idle(self):
        side = self.side
        fd = side.fileno()
        if side.peer_reads and side.map and fd >= 0:
            writers = [fd] if side.channel.writable() else []
            try:
                select.select([fd], writers, [], IDLE_WAIT)
            except (select.error, ValueError, OSError):
                pass


# -- one channel ------------------------------------------------------------------------


class ChannelSide(object):
    """One channel of ``loaded`` (a ``loader.Loaded``) on ``sock``, from
    ``start()`` to ``close()``.

    ``settings`` are the scenario's channel settings
    (``Scenario.channel_settings()``); ``peer`` is what the channel's pumping
    waits on (see ``DistantPeer``, the default); ``pump`` replaces the
    target's loop (the model's in-memory wire has its own).  Every method the
    session calls leaves the channel idle; what the probe recorded meanwhile
    goes to ``record((name, value))`` as it happens, or, without one, is
    taken with ``take_calls()``.
    """

    def __init__(self, loaded, settings, sock, peer=None, pump=None, record=None):
        # type: (Any, Dict[str, Any], Any, Any, Any, Any) -> None
        self.loaded, self.settings, self.sock = loaded, settings, sock
        self.peer = peer if peer is not None else DistantPeer(self)
        #: Whether the peer still reads (a distant peer is waited for).
        self.peer_reads = True
        self.pump = pump or loaded.loop.pump
        self.map = {}  # type: Dict[int, Any]
        self.channel = None  # type: Any
        self.calls = []  # type: list[tuple[str, object]]
        self.sink = record or self.calls.append
        self.recording = True
        self.saved = GlobalState(loaded.global_state)

    # -- what the session asks for -------------------------------------------------

    def start(self, step):
        """Make the channel and perform its first step."""
        probe = make_probe(
            self.loaded.chat, self.settings, self._record, self.loaded.simple_producer
        )
        self.channel = self.loaded.loop.make(probe, self.sock, self.map)
        self.step(step)

    def step(self, step):
        """A channel step (or a batch of them), then settle."""
        self.call(step)
        self.settle()

    def deliver(self, total, settle):
        """Pump until the channel has read ``total`` bytes in all (or left
        its map); then settle, if asked."""
        self.pump_until(lambda: self.channel._probe_received >= total or not self.map)
        if settle:
            self.settle()

    def peer_closed(self):
        """The peer closed its end: pump until the channel noticed."""
        self.peer_reads = False
        self.pump_until(lambda: not self.map)
        self.settle()

    def settle(self):
        """Pump until the channel has nothing to send and the peer is quiet
        (a slow reader takes several rounds for that)."""
        self.peer.after_pump()
        self.pump_until(lambda: (not self.map or not self.channel.writable()) and self.peer.quiet())

    def take_calls(self):
        """The calls recorded since the last time, as (name, value) pairs."""
        calls = list(self.calls)
        del self.calls[:]
        return calls

    def close(self):
        """Stop recording, close the channel's socket, put global state back."""
        self.recording = False
        self.map.clear()
        try:
            self.sock.close()
        except Exception:
            pass
        self.saved.restore()

    # -- the channel's state, for the session ----------------------------------------

    @property
    def open(self):
        """Still in its map (the loop still serves it)."""
        return bool(self.map)

    @property
    def sent(self):
        return self.channel._probe_sent if self.channel is not None else 0

    @property
    def closed(self):
        """Whether its socket is closed (the peer will see EOF): a target
        may leave its map and keep its socket open."""
        return self.fileno() < 0

    def fileno(self):
        """The channel socket's descriptor; -1 once it is closed."""
        try:
            return self.sock.fileno()
        except Exception:  # Python 2: a closed socket raises EBADF
            return -1

    # -- helpers ------------------------------------------------------------------------

    def call(self, step):
        """Perform ``step``; what it raises is recorded (a batch: each of its
        steps in turn), except ``Unsupported``."""
        if kind(step) == "Batch":
            for inner in step.steps:
                self.call(inner)
            return
        try:
            perform(self.channel, step, self.loaded.simple_producer)
        except Unsupported:
            raise
        except Exception as exc:
            self._record(RAISED, (step.describe(), error_name(type(exc), exc)))

    def pump_until(self, done):
        idle = 0
        while not done() and idle < IDLE_ROUNDS:
            before = self._progress()
            self.pump(self.map)
            self.peer.after_pump()
            if self._progress() != before:
                idle = 0
            else:
                idle += 1
                self.peer.idle()

    def _progress(self):
        return (self.channel._probe_received, self.peer.progress())

    def _record(self, name, value=None):
        if self.recording:
            self.sink((name, value))
