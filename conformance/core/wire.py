"""The two ends a channel is driven through: a real socket pair, or an
in-memory pair for the reference model.

A wire owns both ends.  The channel gets ``channel_socket``; the harness
plays the peer with ``peer_send``/``peer_recv``/``peer_close``.  The
in-memory wire also has a ``pump``: one round of its own event loop, which
stands in for the target's.
"""

import errno
import socket
import struct
from typing import Dict, List, Optional, Tuple


class SocketWire:
    """A ``socket.socketpair()``: what a target is judged on (its own loop
    runs the channel).

    ``buffer_size`` shrinks both ends' kernel buffers and ``read_size`` makes
    the peer a slow reader (at most that many bytes per loop round), so that
    the channel's sends come back partial.
    """

    def __init__(
        self, buffer_size: Optional[int] = None, read_size: Optional[int] = None, tcp: bool = False
    ) -> None:
        self.channel_socket, self._peer = _tcp_pair() if tcp else socket.socketpair()
        if buffer_size:
            for end in (self.channel_socket, self._peer):
                end.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, buffer_size)
                end.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, buffer_size)
        self._peer.setblocking(False)
        self._read_size = (1 << 20) if read_size is None else read_size

    def peer_send(self, data: bytes) -> int:
        """Send what the socket takes now; raises ``OSError`` once the
        channel's end is closed."""
        try:
            return self._peer.send(data)
        except BlockingIOError:
            return 0

    def peer_recv(self) -> Optional[bytes]:
        """What arrived so far (``b""`` if nothing yet), ``None`` at EOF."""
        if not self.reads:
            return b""
        chunks: List[bytes] = []
        while True:
            try:
                data = self._peer.recv(self._read_size)
            except BlockingIOError:
                break
            except ConnectionResetError:
                data = b""
            if not data:
                return b"".join(chunks) if chunks else None
            chunks.append(data)
            if self._read_size < (1 << 20):
                break  # a slow reader takes one bite per round
        return b"".join(chunks)

    @property
    def reads(self) -> bool:
        """Whether the peer reads at all (``read_size`` 0: never)."""
        return self._read_size != 0

    def peer_close(self, reset: bool = False) -> None:
        if reset:
            self._peer.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self._peer.close()

    def close(self) -> None:
        self._peer.close()
        self.channel_socket.close()


def _tcp_pair() -> Tuple[socket.socket, socket.socket]:
    """A connected loopback TCP pair (channel end, peer end)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        peer = socket.create_connection(listener.getsockname())
        channel, _ = listener.accept()
    for end in (channel, peer):
        end.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return channel, peer


class MemorySocket:
    """Enough of a non-blocking socket for an asyncore dispatcher.

    ``send()`` takes everything (an ideal peer that always reads), so the
    model's output is never split by a buffer limit.
    """

    _next_fileno = 1 << 20

    def __init__(self) -> None:
        MemorySocket._next_fileno += 1
        self._fileno = MemorySocket._next_fileno
        self.inbound = bytearray()
        self.outbound = bytearray()
        self.peer_closed = False
        self.peer_reset = False
        self.closed = False
        #: Every byte ``send()`` ever took, for placing rule firings in the output.
        self.sent_total = 0

    def fileno(self) -> int:
        return -1 if self.closed else self._fileno

    def setblocking(self, flag: bool) -> None:
        pass

    def getpeername(self) -> str:
        return "memory-peer"

    def getsockopt(self, level: int, option: int) -> int:
        """No pending error (asked when a connect completes)."""
        return 0

    def recv(self, size: int) -> bytes:
        if self.closed:  # as a real socket's, once its channel closed it
            raise OSError(errno.EBADF, "Bad file descriptor")
        if self.peer_reset:
            raise ConnectionResetError(errno.ECONNRESET, "peer reset")
        if self.inbound:
            data = bytes(self.inbound[:size])
            del self.inbound[:size]
            return data
        if self.peer_closed:
            return b""
        raise BlockingIOError(errno.EWOULDBLOCK, "no data")

    def send(self, data: bytes) -> int:
        if self.closed:
            raise OSError(errno.EBADF, "Bad file descriptor")
        if self.peer_reset:
            raise ConnectionResetError(errno.ECONNRESET, "peer reset")
        if self.peer_closed:
            raise BrokenPipeError(errno.EPIPE, "peer closed")
        self.outbound += data
        self.sent_total += len(data)
        return len(data)

    def shutdown(self, how: int) -> None:
        pass

    def close(self) -> None:
        self.closed = True


class MemoryWire:
    """An in-memory pair and a loop round that follows asyncore's ``poll()``:
    readiness is sampled first, then reads are handled, then writes."""

    def __init__(self, read_size: Optional[int] = None) -> None:
        self.channel_socket = MemorySocket()
        self._never_reads = read_size == 0

    def peer_send(self, data: bytes) -> int:
        sock = self.channel_socket
        if sock.closed:
            raise BrokenPipeError(errno.EPIPE, "channel closed")
        sock.inbound += data
        return len(data)

    def peer_recv(self) -> Optional[bytes]:
        sock = self.channel_socket
        if self._never_reads:
            return b""
        data = bytes(sock.outbound)
        sock.outbound.clear()
        if sock.closed and not data:
            return None
        return data

    def peer_close(self, reset: bool = False) -> None:
        """A reset loses whatever the channel had not read yet, as TCP does."""
        self.channel_socket.peer_closed = True
        if reset:
            self.channel_socket.peer_reset = True
            self.channel_socket.inbound.clear()

    def pump(self, map: Dict[int, object]) -> None:  # noqa: A002
        sock = self.channel_socket
        ready = []
        for obj in list(map.values()):
            readable = obj.readable() and (sock.inbound or sock.peer_closed)  # type: ignore[attr-defined]
            writable = obj.writable()  # type: ignore[attr-defined]
            ready.append((obj, readable, writable))
        for obj, readable, _ in ready:
            if readable and obj in map.values():
                _dispatch(obj, "handle_read_event")
        for obj, _, writable in ready:
            if writable and obj in map.values():
                _dispatch(obj, "handle_write_event")

    def close(self) -> None:
        self.channel_socket.close()


def _dispatch(obj: object, event: str) -> None:
    """Run one event handler the way asyncore's loop does: any exception but
    an exit request goes to ``handle_error()``."""
    try:
        getattr(obj, event)()
    except (SystemExit, KeyboardInterrupt):
        raise
    except Exception:
        obj.handle_error()  # type: ignore[attr-defined]
