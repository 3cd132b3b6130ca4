"""The socket pair, the implementations and the ideal loops."""

import importlib
import importlib.util
import operator
import os
import select
import socket
import sys
import time
import warnings
from collections import deque
from typing import Any, Dict, List, Optional, Tuple

#: What the benchmark asks the kernel for, per socket buffer.
SOCKET_BUFFER = 8 << 20

#: The clock the races read; ``--clock cpu`` swaps in ``time.thread_time``.
clock = time.perf_counter


class Wire:
    """One ``socket.socketpair()`` for the whole run.

    ``channel`` is the end the implementation under test gets; the benchmark
    plays the peer on the other end.  ``capacity`` is how many bytes one
    direction holds before a non-blocking send would block.
    """

    def __init__(self) -> None:
        self.channel, self.peer = socket.socketpair()
        for end in (self.channel, self.peer):
            for option in (socket.SO_SNDBUF, socket.SO_RCVBUF):
                try:
                    end.setsockopt(socket.SOL_SOCKET, option, SOCKET_BUFFER)
                except OSError:
                    pass
            end.setblocking(False)
        self._sink = bytearray(1 << 20)
        self.capacity = self._measure_capacity()

    def _measure_capacity(self) -> int:
        block = b"\0" * 65536
        queued = 0
        while queued < 64 << 20:
            try:
                queued += self.peer.send(block)
            except BlockingIOError:
                break
        self.drain_channel_side(queued)
        return queued

    def drain_channel_side(self, count: int) -> None:
        """Read and drop ``count`` bytes the peer sent (set-up only)."""
        while count > 0:
            count -= self.channel.recv_into(self._sink)

    def fill(self, data: memoryview) -> int:
        """Peer: send as much of ``data`` as the socket takes now."""
        sent = 0
        while sent < len(data):
            try:
                sent += self.peer.send(data[sent:])
            except BlockingIOError:
                break
        return sent

    def channel_readable(self) -> bool:
        return bool(select.select([self.channel], [], [], 0)[0])

    def drain_peer(self) -> int:
        """Peer: read everything the channel sent so far; how many bytes."""
        total = 0
        sink = self._sink
        while True:
            try:
                count = self.peer.recv_into(sink)
            except BlockingIOError:
                return total
            if not count:
                return total
            total += count

    def fill_channel_side(self) -> int:
        """Fill the channel's outgoing buffer until even a 1-byte send would
        block; how many bytes that took."""
        queued = 0
        for size in (65536, 4096, 256, 1):
            block = b"\0" * size
            while True:
                try:
                    queued += self.channel.send(block)
                except BlockingIOError:
                    break
        return queued

    def close(self) -> None:
        self.channel.close()
        self.peer.close()


# -- the implementations ------------------------------------------------------


class ChatImpl:
    """An asyncore-based ``async_chat`` module."""

    kinds = ("receive", "send")

    def __init__(self, name: str, module: Any, origin: str) -> None:
        self.name = name
        self.module = module
        self.origin = origin
        self.simple_producer = module.simple_producer
        self._classes: Dict[type, type] = {}

    def _class(self, handler: type) -> type:
        cls = self._classes.get(handler)
        if cls is None:
            name = "%s_%s" % (handler.__name__, self.name)
            cls = type(name, (handler, self.module.async_chat), {})
            self._classes[handler] = cls
        return cls

    def receiver(self, sock: socket.socket, handler: type, in_buffer_size: int) -> Any:
        channel = self._class(handler)(sock, map={})
        channel.ac_in_buffer_size = in_buffer_size
        return channel

    def sender(self, sock: socket.socket, handler: type, out_buffer_size: int = 65536) -> Any:
        channel = self._class(handler)(sock, map={})
        channel.ac_out_buffer_size = out_buffer_size
        return channel

    @staticmethod
    def release(channel: Any) -> None:
        channel.del_channel()  # leaves the socket open for the next round


class IdealImpl:
    """A ceiling: plain loops with none of async_chat's compatibility work.

    ``ideal`` receives with :class:`IdealSplitReceiver` and sends with
    :class:`IdealSender`; ``ideal-find`` receives with
    :class:`IdealReceiver` and takes no part in sending (its sends would be
    ``ideal``'s).
    """

    def __init__(self, name: str, receiver: type, sends: bool = True) -> None:
        self.name = name
        self.receiver_base = receiver
        self.kinds = ("receive", "send") if sends else ("receive",)
        self.origin = "bench.harness.%s%s" % (
            self.receiver_base.__name__,
            " and IdealSender" if sends else "",
        )
        self._classes: Dict[Tuple[type, type], type] = {}
        self.simple_producer = IdealProducer

    def _class(self, handler: type, base: type) -> type:
        cls = self._classes.get((handler, base))
        if cls is None:
            cls = type("%s_%s" % (handler.__name__, base.__name__), (handler, base), {})
            self._classes[(handler, base)] = cls
        return cls

    def receiver(self, sock: socket.socket, handler: type, in_buffer_size: int) -> Any:
        channel = self._class(handler, self.receiver_base)(sock)
        channel.ac_in_buffer_size = in_buffer_size
        return channel

    def sender(self, sock: socket.socket, handler: type, out_buffer_size: int = 65536) -> Any:
        channel = self._class(handler, IdealSender)(sock)
        channel.limit = out_buffer_size
        return channel

    @staticmethod
    def release(channel: Any) -> None:
        pass


def ideal_loops() -> List[IdealImpl]:
    """The split-based ceiling, and the find-based loop beside it."""
    return [
        IdealImpl("ideal", IdealSplitReceiver),
        IdealImpl("ideal-find", IdealReceiver, sends=False),
    ]


def load_reference() -> ChatImpl:
    import asynchat_reference as reference

    return ChatImpl("reference", reference, reference.__file__)


def load_package(name: str, directory: str) -> ChatImpl:
    """Another copy of an asynchat-like package -- say, the reference as
    committed before a change -- imported from ``directory`` as ``name``."""
    path = os.path.join(os.path.abspath(directory), "__init__.py")
    spec = importlib.util.spec_from_file_location(
        "bench_%s" % name, path, submodule_search_locations=[os.path.dirname(path)]
    )
    if spec is None or spec.loader is None:
        raise SystemExit("bench: no package at %s" % directory)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        spec.loader.exec_module(module)
    return ChatImpl(name, module, path)


def load_cpython() -> Tuple[Optional[ChatImpl], str]:
    """CPython's asynchat, or ``None`` and why it is absent."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        for name in ("asynchat", "test.support.asynchat"):
            if name == "asynchat" and sys.version_info >= (3, 12):
                continue
            try:
                module = importlib.import_module(name)
            except ImportError:
                continue
            return ChatImpl("cpython", module, "%s from %s" % (name, module.__file__)), ""
    return None, (
        "CPython %d.%d has no asynchat and no test.support.asynchat: "
        "the CPython baseline is absent" % sys.version_info[:2]
    )


# -- the ideal loops ------------------------------------------------------------


class IdealReceiver:
    """``recv()``, then ``bytes.find(term, offset)`` and the callbacks.

    Supports what the scenarios use -- byte-string, integer and ``None``
    terminators, read afresh after every ``found_terminator()`` -- and
    nothing else: no ``ac_in_buffer`` view, no ``get_terminator()`` hook,
    callbacks bound once per read.
    """

    ac_in_buffer_size = 65536

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buffer = b""
        self.terminator: Any = None

    def set_terminator(self, term: Any) -> None:
        self.terminator = term

    def handle_read(self) -> None:
        try:
            data = self.sock.recv(self.ac_in_buffer_size)
        except BlockingIOError:
            return
        buf = self.buffer + data if self.buffer else data
        self.buffer = b""
        self._frame(buf, 0)

    def _frame(self, buf: bytes, pos: int) -> None:
        """Frame ``buf[pos:]``; keep what must wait in ``self.buffer``."""
        collect = self.collect_incoming_data  # type: ignore[attr-defined]
        found = self.found_terminator  # type: ignore[attr-defined]
        end = len(buf)
        while pos < end:
            term = self.terminator
            if type(term) is bytes and term:
                size = len(term)
                index = buf.find(term, pos)
                while index >= 0:
                    if index > pos:
                        collect(buf[pos:index])
                    pos = index + size
                    found()
                    if self.terminator is not term:
                        break
                    index = buf.find(term, pos)
                else:
                    keep = size - 1
                    while keep and not buf.endswith(term[:keep], pos):
                        keep -= 1
                    if end - keep > pos:
                        collect(buf[pos : end - keep])
                    pos = end - keep
                    break
            elif not term:
                collect(buf[pos:] if pos else buf)
                pos = end
            else:
                available = end - pos
                if available < term:
                    collect(buf[pos:] if pos else buf)
                    self.terminator = term - available
                    pos = end
                else:
                    collect(buf[pos : pos + term])
                    pos += term
                    self.terminator = 0
                    found()
        self.buffer = buf[pos:] if pos < end else b""


class IdealSplitReceiver(IdealReceiver):
    """``recv()``, then one ``bytes.split(term)`` of the whole read.

    The pieces are cut at C speed and handed out in a plain ``for`` loop;
    when ``found_terminator()`` changes the terminator, the position is
    worked out from the pieces handed out so far and the rest of the read
    goes through :class:`IdealReceiver`'s ``find(term, offset)`` loop.  Only
    a possible terminator prefix is carried to the next read.
    """

    def handle_read(self) -> None:
        try:
            data = self.sock.recv(self.ac_in_buffer_size)
        except BlockingIOError:
            return
        buf = self.buffer + data if self.buffer else data
        self.buffer = b""
        term = self.terminator
        if not term:
            self.collect_incoming_data(buf)  # type: ignore[attr-defined]
            return
        if type(term) is not bytes:
            self._frame(buf, 0)
            return
        collect = self.collect_incoming_data  # type: ignore[attr-defined]
        found = self.found_terminator  # type: ignore[attr-defined]
        pieces = buf.split(term)
        tail = pieces.pop()
        it = iter(pieces)
        for piece in it:
            if piece:
                collect(piece)
            found()
            if self.terminator is not term:
                done = len(pieces) - operator.length_hint(it)
                self._frame(buf, sum(map(len, pieces[:done])) + done * len(term))
                return
        keep = len(term) - 1
        while keep and not tail.endswith(term[:keep]):
            keep -= 1
        if len(tail) > keep:
            collect(tail[: len(tail) - keep] if keep else tail)
        self.buffer = tail[len(tail) - keep :] if keep else b""


class IdealSender:
    """``push()`` sends at once; the rest waits, as memoryviews, in a deque."""

    limit = 65536

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.producer_fifo: deque = deque()

    def push(self, data: bytes) -> None:
        fifo = self.producer_fifo
        if fifo or len(data) > self.limit:
            fifo.append(data)
            self.handle_write()
            return
        try:
            sent = self.sock.send(data)
        except BlockingIOError:
            sent = 0
        if sent < len(data):
            fifo.append(memoryview(data)[sent:])

    def push_with_producer(self, producer: Any) -> None:
        self.producer_fifo.append(producer)
        self.handle_write()

    def handle_write(self) -> None:
        fifo = self.producer_fifo
        while fifo:
            head = fifo[0]
            if type(head) is not memoryview:
                if type(head) is not bytes:
                    data = head.more()
                    if not data:
                        fifo.popleft()
                        continue
                    fifo.appendleft(memoryview(data))
                else:
                    fifo[0] = memoryview(head)
                head = fifo[0]
            try:
                sent = self.sock.send(head[: self.limit] if len(head) > self.limit else head)
            except BlockingIOError:
                return
            if sent >= len(head):
                fifo.popleft()
            elif sent:
                fifo[0] = head[sent:]
            return


class IdealProducer:
    """A linear ``simple_producer``: memoryview slices of the payload."""

    def __init__(self, data: bytes, buffer_size: int = 512) -> None:
        self._view = memoryview(data)
        self._pos = 0
        self.buffer_size = buffer_size

    def more(self) -> Any:
        pos = self._pos
        self._pos = pos + self.buffer_size
        return self._view[pos : pos + self.buffer_size]


# -- races: every implementation through the same units of work -------------------
#
# A race gives each implementation its own channel for the whole payload and
# runs the payload unit by unit -- a slice of input, or a batch of pushes --
# with the implementations taking turns on every unit, in a shuffled
# order.  A burst of load from elsewhere on the machine then lands on all
# of them alike instead of on whichever happened to be running.


class ReceiveRace:
    """The peer sends the payload in slices of whole reads; each
    implementation's channel reads every slice in turn."""

    def __init__(self, wire: Wire, impls: List[Any], scenario: Any, payload: Any) -> None:
        self.wire, self.scenario, self.payload = wire, scenario, payload
        size = scenario.in_buffer_size
        # Whole reads per slice, 64 KiB or one read, whichever is more.
        step = max(size, (min(wire.capacity // 2, 64 << 10) // size) * size)
        view = memoryview(payload.data)
        self.units = [view[i : i + step] for i in range(0, len(view), step)]
        self.channels = {}
        for impl in impls:
            channel = impl.receiver(wire.channel, scenario.handler, size)
            channel.bench_reset()
            channel.set_terminator(scenario.terminator)
            self.channels[impl.name] = (impl, channel)

    def run(self, name: str, unit: int) -> float:
        channel = self.channels[name][1]
        wire = self.wire
        data = self.units[unit]
        size = self.scenario.in_buffer_size
        read = channel.handle_read
        elapsed = 0.0
        offset = 0
        while offset < len(data):
            filled = wire.fill(data[offset:])
            offset += filled
            reads = -(-filled // size)
            start = clock()
            for _ in range(reads):
                read()
            elapsed += clock() - start
            while wire.channel_readable():  # a kernel that splits reads differently
                start = clock()
                read()
                elapsed += clock() - start
        return elapsed

    def finish(self) -> Dict[str, Any]:
        """Release the channels; what each handler saw."""
        results = {}
        for name, (impl, channel) in self.channels.items():
            results[name] = channel.bench_result()
            impl.release(channel)
        return results


class SendRace:
    """Each implementation's channel runs every batch of user code in turn;
    the peer reads everything between two batches, off the clock."""

    def __init__(self, wire: Wire, impls: List[Any], scenario: Any, payload: Any) -> None:
        self.wire, self.scenario = wire, scenario
        self.channels = {}
        self.batches = {}
        self.received = {}
        for impl in impls:
            self.channels[impl.name] = (
                impl,
                impl.sender(wire.channel, scenario.handler, scenario.out_buffer_size),
            )
            self.batches[impl.name] = payload.batches(impl)
            self.received[impl.name] = 0
        self.units = self.batches[impls[0].name]

    def run(self, name: str, unit: int) -> float:
        channel = self.channels[name][1]
        batch = self.batches[name][unit]
        wire = self.wire
        fifo = channel.producer_fifo
        write = channel.handle_write
        received = 0
        elapsed = 0.0
        if self.scenario.queued:
            # The channel's socket is full: every push is queued.
            filler = wire.fill_channel_side()
            start = clock()
            batch(channel)
            elapsed += clock() - start
            received += wire.drain_peer() - filler
        start = clock()
        if not self.scenario.queued:
            batch(channel)
        while fifo:
            head, count = fifo[0], len(fifo)
            write()
            if fifo and len(fifo) == count and fifo[0] is head:
                # No progress: the socket is full.  The peer reads, off the clock.
                paused = clock()
                received += wire.drain_peer()
                start += clock() - paused
        elapsed += clock() - start
        self.received[name] += received + wire.drain_peer()
        return elapsed

    def finish(self) -> Dict[str, Any]:
        for impl, channel in self.channels.values():
            impl.release(channel)
        return dict(self.received)
