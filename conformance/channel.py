"""The channel side: what happens in the target's own process.

One channel of the target, subclassed by the recording probe, on a socket
map of its own; the scenario's channel steps as *ops* (plain dicts made by
``scenario.as_op``, dispatched on here by ``OPS``); the loop pumped until the
channel is idle; and the process-wide state a target may change, put back
when the channel is closed.  ``ChannelSide`` is the whole of it.

The same code serves both ways a target is run: the driver uses it directly
in the harness's process, and the agent (``agent.py``) in another
interpreter, on behalf of ``remote.py``.  Hence this file is plain Python
that runs unchanged on 2.7 and 3.x: no f-strings, annotations, dataclasses,
keyword-only arguments or imports from this package.

Adding a step kind: its dataclass in ``scenario.py`` and its function in
``OPS`` below -- nothing else.
"""

import select
import socket
import sys
import warnings

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


class Unsupported(Exception):
    """The scenario needs an API the target does not have."""


def name_of(kind):
    """An exception class's name as text (a byte string on Python 2)."""
    name = kind.__name__
    return name.decode("ascii") if isinstance(name, bytes) else name


class ListProducer(object):
    """A producer whose ``more()`` hands out fixed chunks, then ``b""``."""

    def __init__(self, chunks):
        self._chunks = list(chunks)

    def more(self):
        return self._chunks.pop(0) if self._chunks else b""


# -- ops: the scenario's channel steps ------------------------------------------------
# Each takes (channel, op, simple_producer); ``op`` holds the step's fields.

def _set_terminator(channel, op, simple_producer):
    channel.set_terminator(op["terminator"])


def _get_terminator(channel, op, simple_producer):
    channel._probe_record(GET_TERMINATOR, channel.get_terminator())


def _push(channel, op, simple_producer):
    channel.push(op["data"])


def _push_producer(channel, op, simple_producer):
    channel.push_with_producer(ListProducer(op["chunks"]))


def _push_simple_producer(channel, op, simple_producer):
    if simple_producer is None:
        raise Unsupported("the target has no simple_producer")
    channel.push_with_producer(simple_producer(op["data"], op["buffer_size"]))


def _close_when_done(channel, op, simple_producer):
    channel.close_when_done()


def _discard_buffers(channel, op, simple_producer):
    channel.discard_buffers()


#: Step class name (``scenario.py``) -> what it does to a channel.  ``Batch``
#: is ``ChannelSide.call``'s; peer steps (``Deliver``, ``PeerClose``) are the
#: session's.
OPS = {
    "SetTerminator": _set_terminator,
    "GetTerminator": _get_terminator,
    "Push": _push,
    "PushProducer": _push_producer,
    "PushSimpleProducer": _push_simple_producer,
    "CloseWhenDone": _close_when_done,
    "DiscardBuffers": _discard_buffers,
}


def perform(channel, op, simple_producer):
    """Perform one channel step (an op) on ``channel``."""
    action = OPS.get(op["op"])
    if action is None:
        raise TypeError("not a channel step: %r" % (op["op"],))
    action(channel, op, simple_producer)


# -- the probe ------------------------------------------------------------------------

def make_probe(base, settings, record, simple_producer):
    """A subclass of ``base`` that reports its callbacks to ``record(name,
    value)``, counts the bytes it receives and sends, and performs
    ``settings["on_found"][k]`` (ops) inside its k-th ``found_terminator()``."""
    on_found = settings.get("on_found") or ()

    class Probe(base):
        _probe_received = 0
        _probe_sent = 0
        _probe_found = 0

        def _probe_record(self, name, value=None):
            record(name, value)

        def collect_incoming_data(self, data):
            record(COLLECT, bytes(data))

        def found_terminator(self):
            record(FOUND, self.get_terminator())
            index = self._probe_found
            self._probe_found = index + 1
            for op in (on_found[index] if index < len(on_found) else ()):
                perform(self, op, simple_producer)

        def handle_close(self):
            record(CLOSE)
            base.handle_close(self)

        def handle_error(self):
            record(ERROR, name_of(sys.exc_info()[0]))
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
        self.timeout = socket.getdefaulttimeout()
        self.streams = (sys.stdout, sys.stderr)
        self.maps = [(m.socket_map, dict(m.socket_map)) for m in modules]
        self.filters = warnings.catch_warnings()
        self.filters.__enter__()

    def restore(self):
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
        self.loaded, self.settings, self.sock = loaded, settings, sock
        self.peer = peer if peer is not None else DistantPeer(self)
        #: Whether the peer still reads (a distant peer is waited for).
        self.peer_reads = True
        self.pump = pump or loaded.loop.pump
        self.map = {}
        self.channel = None
        self.calls = []
        self.sink = record or self.calls.append
        self.recording = True
        self.saved = GlobalState(loaded.global_state)

    # -- what the session asks for -------------------------------------------------

    def start(self, op):
        """Make the channel and perform its first step (``op``)."""
        probe = make_probe(self.loaded.chat, self.settings, self._record,
                           self.loaded.simple_producer)
        self.channel = self.loaded.loop.make(probe, self.sock, self.map)
        self.step(op)

    def step(self, op):
        """A channel step (or a batch of them), then settle."""
        self.call(op)
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
        self.pump_until(lambda: (not self.map or not self.channel.writable())
                        and self.peer.quiet())

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

    def call(self, op):
        """Perform ``op``; what it raises is recorded (a batch: each of its
        steps in turn), except ``Unsupported``."""
        if op["op"] == "Batch":
            for inner in op["steps"]:
                self.call(inner)
            return
        try:
            perform(self.channel, op, self.loaded.simple_producer)
        except Unsupported:
            raise
        except Exception as exc:
            self._record(RAISED, (op["describe"], name_of(type(exc))))

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
