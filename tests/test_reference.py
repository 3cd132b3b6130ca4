"""The reference itself: its sans-IO framing and its channel against the
specification (``reference.spec``, the oracle), its output queue and
simple_producer, and its use as a drop-in ``asynchat`` over real sockets.

Where CPython's own asynchat exists (Python 3.8 to 3.11) the channel-level
tests are parametrized over it as well, which checks that the recorded
expectations below are CPython's behaviour and not just the reference's.
From 3.12 on asynchat is gone from the standard library; the parametrization
then holds only the reference, judged against the same recorded values and
the same oracle.
"""

import socket
import sys
import warnings
from collections import deque
from typing import Any, Dict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import asynchat_reference as reference
import asynchat_reference.spec
from asynchat_reference import framing
from asynchat_reference.framing import find_prefix_at_end
from asynchat_reference.producers import simple_producer

with warnings.catch_warnings():
    # asyncore/asynchat warn on import on 3.10 and 3.11; on 3.12+ asyncore
    # comes from the pyasyncore distribution.
    warnings.simplefilter("ignore", DeprecationWarning)
    import asyncore

    if sys.version_info < (3, 12):
        import asynchat as cpython_asynchat
    else:
        cpython_asynchat = None

#: The implementations the channel-level tests run on.  CPython's asynchat
#: is included wherever the standard library still has it (3.8-3.11), so the
#: recorded expectations are checked against the original; it does not exist
#: on 3.12+, where the reference alone is checked against them.
IMPLEMENTATIONS = [pytest.param(reference, id="reference")] + (
    [pytest.param(cpython_asynchat, id="cpython-asynchat")] if cpython_asynchat else []
)

FAST = settings(max_examples=200, deadline=None, derandomize=True, database=None)


# -- the oracle: the specification ----------------------------------------------------


def longest_prefix_at_end(data, needle):
    """Length of the longest proper prefix of ``needle`` that ``data`` ends
    with, by trying every length (the yardstick of find_prefix_at_end())."""
    return max(n for n in range(len(needle)) if data.endswith(needle[:n]))


def oracle(chunks, terminators):
    """What the specification (``reference.spec.async_chat``) does with
    ``chunks`` read one at a time.

    ``terminators[0]`` is set first; each ``found_terminator()`` switches to
    the next one, if any.  Returns the calls made -- ``("collect", data)`` and
    ``("found", get_terminator() during the call)`` -- and after each read
    ``("read", get_terminator(), ac_in_buffer)``.
    """
    return channel_log(asynchat_reference.spec, chunks, terminators)


class FakeChannel:
    """Just what the framing code touches of a channel: the terminator, the
    two callbacks.  Each found_terminator() switches to the next of
    ``terminators`` and then runs ``on_found(self)``, if given."""

    def __init__(self, terminators, on_found=None):
        self.terminator = terminators[0]
        self.switches = list(terminators[1:])
        self.on_found = on_found
        self.log = []

    def get_terminator(self):
        return self.terminator

    def collect_incoming_data(self, data):
        self.log.append(("collect", bytes(data)))

    def found_terminator(self):
        self.log.append(("found", self.terminator))
        if self.switches:
            self.terminator = self.switches.pop(0)
        if self.on_found is not None:
            self.on_found(self)


def new_framer():
    """The reference's sans-IO input state, whichever of its two shapes this
    revision has: ``InputBuffer.feed(data, channel)`` calling the callbacks
    itself, or ``InputFramer`` yielding ``Collect``/``Found`` events."""
    if hasattr(framing, "InputBuffer"):
        return framing.InputBuffer()
    return framing.InputFramer()  # type: ignore[attr-defined]  # the other revision's


def feed(framer, data, channel):
    """Hand ``data`` to the framing code the way reference.chat does (its
    shortcuts for the default get_terminator() are exercised through the
    real channel, in test_channel_matches_oracle)."""
    if hasattr(framer, "feed"):
        framer.feed(data, channel)
        return
    framer.receive(data)
    for event in framer.events(channel.get_terminator):
        if isinstance(event, framing.Collect):  # type: ignore[attr-defined]  # likewise
            channel.collect_incoming_data(event.data)
            if event.countdown is not None:
                channel.terminator = event.countdown
        else:
            if event.countdown is not None:
                channel.terminator = event.countdown
            channel.found_terminator()


def framer_log(make_framer, chunks, terminators):
    """The oracle's log, from the reference's sans-IO framing class
    (``new_framer``)."""
    framer = make_framer()
    channel = FakeChannel(terminators)
    for chunk in chunks:
        feed(framer, chunk, channel)
        channel.log.append(("read", channel.terminator, bytes(framer.pending)))
    return channel.log


def channel_log(module, chunks, terminators):
    """The same log from a real ``module.async_chat`` whose recv() hands out
    ``chunks`` one per handle_read()."""
    switches = list(terminators[1:])

    class Channel(module.async_chat):  # type: ignore[name-defined]  # the module under test's
        def __init__(self):
            super().__init__(sock=None, map={})
            self.log = []
            self.reads = []
            self.set_terminator(terminators[0])

        def recv(self, buffer_size):
            return self.reads.pop(0)

        def collect_incoming_data(self, data):
            self.log.append(("collect", bytes(data)))

        def found_terminator(self):
            self.log.append(("found", self.get_terminator()))
            if switches:
                self.set_terminator(switches.pop(0))

    channel = Channel()
    for chunk in chunks:
        channel.reads.append(chunk)
        channel.handle_read()
        channel.log.append(("read", channel.get_terminator(), bytes(channel.ac_in_buffer)))
    return channel.log


# -- strategies ------------------------------------------------------------------------

ALPHABET = [b"a", b"b", b"\r", b"\n"]
byte_terminators = st.one_of(
    st.sampled_from([b"\r\n", b"\n", b"aab", b"abab", b"aaa", b"a", b"\r\n.\r\n", b""]),
    st.lists(st.sampled_from(ALPHABET), min_size=1, max_size=4).map(b"".join),
)
terminators = st.one_of(byte_terminators, st.integers(0, 12), st.none())
terminator_sequences = st.lists(terminators, min_size=1, max_size=6)


@st.composite
def chunked_streams(draw):
    """A stream rich in terminators and their prefixes, cut into reads."""
    pieces = st.one_of(
        st.sampled_from(ALPHABET), byte_terminators, byte_terminators.map(lambda t: t[:-1])
    )
    stream = b"".join(draw(st.lists(pieces, max_size=25)))
    cuts = draw(st.lists(st.integers(1, max(1, len(stream) - 1)), max_size=10))
    bounds = [0] + sorted({c for c in cuts if 0 < c < len(stream)}) + [len(stream)]
    return [stream[a:b] for a, b in zip(bounds, bounds[1:]) if b > a]


# -- the framing --------------------------------------------------------------------------


def test_oracle_itself_on_a_known_stream():
    """The oracle -- the specification -- is the yardstick, so pin it on
    hand-checked values first: a split terminator, a switch to a count inside
    found_terminator(), the count's countdown across reads, and
    collect-everything after it."""
    chunks = [b"LEN\r", b"\nab", b"cdeXY"]
    assert oracle(chunks, [b"\r\n", 5]) == [
        ("collect", b"LEN"),
        ("read", b"\r\n", b"\r"),
        ("found", b"\r\n"),
        ("collect", b"ab"),
        ("read", 3, b""),
        ("collect", b"cde"),
        ("found", 0),
        ("collect", b"XY"),
        ("read", 0, b""),
    ]
    assert oracle([b"xaa", b"ab"], [b"aab"]) == [
        ("collect", b"x"),
        ("read", b"aab", b"aa"),
        ("collect", b"a"),
        ("found", b"aab"),
        ("read", b"aab", b""),
    ]


@FAST
@given(chunks=chunked_streams(), terms=terminator_sequences)
def test_framer_matches_oracle(chunks, terms):
    assert framer_log(new_framer, chunks, terms) == oracle(chunks, terms)


@pytest.mark.parametrize("module", IMPLEMENTATIONS)
@settings(max_examples=100, deadline=None, derandomize=True, database=None)
@given(chunks=chunked_streams(), terms=terminator_sequences)
def test_channel_matches_oracle(module, chunks, terms):
    assert channel_log(module, chunks, terms) == oracle(chunks, terms)


@FAST
@given(
    haystack=st.lists(st.sampled_from(ALPHABET), max_size=8).map(b"".join),
    needle=st.lists(st.sampled_from(ALPHABET), min_size=1, max_size=5).map(b"".join),
    start=st.integers(0, 8),
)
def test_find_prefix_at_end_matches_oracle(haystack, needle, start):
    assert find_prefix_at_end(haystack, needle) == longest_prefix_at_end(haystack, needle)
    start = min(start, len(haystack))
    assert find_prefix_at_end(haystack, needle, start) == longest_prefix_at_end(
        haystack[start:], needle
    )
    if cpython_asynchat is not None:
        assert cpython_asynchat.find_prefix_at_end(  # type: ignore[attr-defined]  # not in typeshed
            haystack, needle
        ) == longest_prefix_at_end(haystack, needle)


def test_buffer_replaced_inside_found_terminator_is_the_buffer_from_then_on():
    """Assigning ac_in_buffer inside found_terminator() (what
    discard_buffers() does) replaces the unprocessed input for the rest of
    the loop; ``pending`` shows what follows the terminator during the call."""
    framer = new_framer()
    seen_pending = []

    def on_found(channel):
        seen_pending.append(framer.pending)
        if len(seen_pending) == 2:
            framer.replace(b"new\r\n")

    channel = FakeChannel([b"\r\n"], on_found)
    feed(framer, b"one\r\ntwo\r\nthree\r\n", channel)
    assert channel.log == [
        ("collect", b"one"),
        ("found", b"\r\n"),
        ("collect", b"two"),
        ("found", b"\r\n"),
        ("collect", b"new"),
        ("found", b"\r\n"),
    ]
    assert seen_pending == [b"two\r\nthree\r\n", b"three\r\n", b""]
    assert framer.pending == b""


# -- the output side: send attempts --------------------------------------------------------
#
# The output rules, checked through the channel's own
# push()/push_with_producer()/close_when_done()/initiate_send() with send()
# replaced, so no socket is involved and every offer to send() is seen --
# on the fast path, on the specification (reference.spec's channel) and
# on CPython where it exists.

OUTPUT_IMPLEMENTATIONS = IMPLEMENTATIONS + [pytest.param(asynchat_reference.spec, id="spec")]


class Chunks:
    """A producer handing out fixed chunks, then b""; counts more() calls."""

    def __init__(self, *chunks):
        self.chunks = list(chunks)
        self.calls = 0

    def more(self):
        self.calls += 1
        return self.chunks.pop(0) if self.chunks else b""


def offline_channel(module, out_buffer_size=None, send_sizes=()):
    """A ``module.async_chat`` with no socket: ``send()`` takes at most the
    next of ``send_sizes`` bytes (everything once they run out) and records
    what it was offered; ``handle_close()`` is counted."""

    class Offline(module.async_chat):  # type: ignore[name-defined]  # the module under test's
        def __init__(self):
            module.async_chat.__init__(self, sock=None, map={})
            self.connected = True
            self.offers = []
            self.wire = bytearray()
            self.closes = 0
            self.sizes = list(send_sizes)

        def send(self, data):
            data = bytes(data)
            self.offers.append(data)
            count = min(len(data), self.sizes.pop(0)) if self.sizes else len(data)
            self.wire += data[:count]
            return count

        def handle_close(self):
            self.closes += 1
            self.connected = False

        def collect_incoming_data(self, data):
            raise AssertionError("no input in these tests")

        def found_terminator(self):
            raise AssertionError("no input in these tests")

    channel = Offline()
    if out_buffer_size is not None:
        channel.ac_out_buffer_size = out_buffer_size
    return channel


def attempts(channel, count):
    for _ in range(count):
        channel.initiate_send()


@pytest.mark.parametrize("module", OUTPUT_IMPLEMENTATIONS)
def test_push_splits_at_the_out_buffer_size_and_sends_one_block_per_attempt(module):
    channel = offline_channel(module, out_buffer_size=3)
    channel.push(b"abcdefg")
    assert channel.offers == [b"abc"], "push() makes one send attempt at once"
    assert [bytes(b) for b in channel.producer_fifo] == [b"def", b"g"]
    attempts(channel, 2)
    assert channel.offers == [b"abc", b"def", b"g"] and not channel.producer_fifo


@pytest.mark.parametrize("module", OUTPUT_IMPLEMENTATIONS)
def test_partial_send_keeps_the_rest_at_the_head(module):
    channel = offline_channel(module, send_sizes=[2, 0])
    channel.push(b"hello")
    assert bytes(channel.producer_fifo[0]) == b"llo"
    channel.initiate_send()
    assert bytes(channel.producer_fifo[0]) == b"llo", "a send of 0 bytes removes nothing"
    channel.initiate_send()
    assert channel.offers == [b"hello", b"llo", b"llo"] and bytes(channel.wire) == b"hello"
    assert not channel.producer_fifo


@pytest.mark.parametrize("module", OUTPUT_IMPLEMENTATIONS)
def test_a_rest_left_empty_by_a_multibyte_send_stays_for_one_attempt(module):
    """send() took fewer encoded bytes than offered, but as many as the str
    has characters: the rest, cut by characters, is empty -- and stays at the
    head, so what is queued behind it waits one more attempt."""
    channel = offline_channel(module, send_sizes=[1])
    channel.use_encoding, channel.encoding = True, "utf-16-le"
    channel.push_with_producer("\u00e9")
    assert list(channel.producer_fifo) == [""]
    channel.push(b"NEXT")  # this attempt only drops the empty rest
    assert [offer for offer in channel.offers if offer] == [b"\xe9\x00"]
    assert [bytes(entry) for entry in channel.producer_fifo] == [b"NEXT"]
    channel.initiate_send()
    assert channel.offers[-1] == b"NEXT" and not channel.producer_fifo


@pytest.mark.parametrize("module", OUTPUT_IMPLEMENTATIONS)
def test_an_entry_longer_than_the_limit_leaves_a_rest_even_when_send_claims_it_all(module):
    """A producer's chunk longer than ac_out_buffer_size goes out block by
    block; a send() that reports the whole chunk sent leaves an empty rest,
    which the next attempt drops."""
    channel = offline_channel(module, out_buffer_size=4)
    channel.send = lambda data: channel.offers.append(bytes(data)) or 6
    channel.push_with_producer(Chunks(b"abcdef"))
    assert channel.offers == [b"abcd"]
    assert bytes(channel.producer_fifo[0]) == b""


@pytest.mark.parametrize("module", OUTPUT_IMPLEMENTATIONS)
@pytest.mark.parametrize("gives", [b"data", b""], ids=["gives-data", "exhausted"])
def test_a_producer_that_replaces_producer_fifo_acts_on_the_new_queue(module, gives):
    """What more() returned goes in front of -- and an exhausted producer is
    taken off -- the queue as it is once more() returned."""
    channel = offline_channel(module)

    class Replaces:
        def more(self):
            channel.producer_fifo = deque([b"new-head", b"tail"])
            return gives

    channel.push_with_producer(Replaces())
    if gives:
        assert channel.offers == [b"data"]
        assert [bytes(entry) for entry in channel.producer_fifo] == [b"new-head", b"tail"]
    else:  # the new queue's head is taken off in the old producer's stead
        assert channel.offers == [b"tail"]
        assert not channel.producer_fifo


@pytest.mark.parametrize("module", OUTPUT_IMPLEMENTATIONS)
def test_producer_data_goes_out_in_order_and_exhausted_producer_is_dropped(module):
    channel = offline_channel(module, out_buffer_size=10)
    producer = Chunks(b"p1", b"p2")
    channel.push_with_producer(producer)
    assert channel.offers == [b"p1"] and list(channel.producer_fifo) == [producer]
    channel.push(b"after")  # its send attempt asks the producer at the head again
    assert channel.offers == [b"p1", b"p2"]
    assert list(channel.producer_fifo) == [producer, b"after"]
    channel.initiate_send()
    assert channel.offers == [b"p1", b"p2", b"after"], (
        "an exhausted producer is dropped and the next entry sent in the same attempt"
    )
    assert producer.calls == 3 and not channel.producer_fifo


@pytest.mark.parametrize("module", OUTPUT_IMPLEMENTATIONS)
def test_close_mark_closes_after_what_was_queued_before_it(module):
    channel = offline_channel(module, out_buffer_size=2)
    channel.push(b"abcd")
    channel.close_when_done()
    channel.push(b"never")
    assert channel.closes == 0, "close_when_done() only queues the mark"
    attempts(channel, 5)
    assert bytes(channel.wire) == b"abcd" and channel.closes == 1


@pytest.mark.parametrize("module", OUTPUT_IMPLEMENTATIONS)
def test_empty_blocks_send_nothing(module):
    channel = offline_channel(module)
    channel.push(b"")
    channel.push_with_producer(Chunks())
    channel.push(b"")
    channel.push(b"x")
    attempts(channel, 3)
    assert bytes(channel.wire) == b"x" and not channel.producer_fifo


@pytest.mark.parametrize("module", OUTPUT_IMPLEMENTATIONS)
def test_push_keeps_bytes_like_types(module):
    channel = offline_channel(module, send_sizes=[0, 0])
    channel.push(bytearray(b"ab"))
    channel.push(memoryview(b"cd"))
    assert [type(b) for b in channel.producer_fifo] == [bytearray, memoryview]
    attempts(channel, 2)
    assert bytes(channel.wire) == b"abcd"


@pytest.mark.parametrize("module", OUTPUT_IMPLEMENTATIONS)
@pytest.mark.parametrize("value", ["text", 42, None, [b"a"]])
def test_push_refuses_what_is_not_bytes_like(module, value):
    channel = offline_channel(module)
    with pytest.raises(TypeError):
        channel.push(value)
    assert not channel.producer_fifo and channel.offers == []


entries = st.lists(
    st.one_of(
        st.binary(max_size=20),
        st.lists(st.binary(min_size=1, max_size=10), max_size=4).map(tuple),
    ),
    max_size=8,
)


@pytest.mark.parametrize("module", OUTPUT_IMPLEMENTATIONS)
@FAST
@given(queued=entries, limit=st.integers(1, 8), send_sizes=st.lists(st.integers(1, 8), max_size=40))
def test_queue_sends_everything_in_order_then_closes(module, queued, limit, send_sizes):
    """Whatever the mix of blocks and producers, and however partial the
    sends, each byte goes out once and in order, no offer exceeds the limit,
    and the close comes last."""
    channel = offline_channel(module, out_buffer_size=limit, send_sizes=send_sizes)
    expected = b""
    for entry in queued:
        if isinstance(entry, tuple):
            channel.push_with_producer(Chunks(*entry))
            expected += b"".join(entry)
        else:
            channel.push(entry)
            expected += entry
    channel.close_when_done()
    for _ in range(4 * len(expected) + 4 * len(queued) + 4):
        if channel.closes:
            break
        channel.initiate_send()
    assert bytes(channel.wire) == expected
    assert channel.closes == 1
    assert all(len(offer) <= limit for offer in channel.offers)


# -- simple_producer -------------------------------------------------------------------------

PRODUCERS = [pytest.param(simple_producer, id="reference")] + (
    [pytest.param(cpython_asynchat.simple_producer, id="cpython-asynchat")]
    if cpython_asynchat
    else []
)


@pytest.mark.parametrize("producer_class", PRODUCERS)
def test_simple_producer_pieces(producer_class):
    producer = producer_class(b"abcdefg", 3)
    assert [producer.more() for _ in range(5)] == [b"abc", b"def", b"g", b"", b""]


@pytest.mark.parametrize("producer_class", PRODUCERS)
def test_simple_producer_exact_multiple_and_default_size(producer_class):
    producer = producer_class(b"abcdef", 3)
    assert [producer.more() for _ in range(3)] == [b"abc", b"def", b""]
    big = producer_class(bytes(1100))
    assert [len(big.more()) for _ in range(4)] == [512, 512, 76, 0]


@pytest.mark.parametrize("producer_class", PRODUCERS)
def test_simple_producer_data_is_the_remainder(producer_class):
    producer = producer_class(b"abcdefg", 3)
    producer.more()
    assert producer.data == b"defg"
    producer.more()
    producer.more()
    assert producer.data == b""


@pytest.mark.parametrize("producer_class", PRODUCERS)
def test_simple_producer_with_zero_buffer_size_yields_nothing(producer_class):
    """As in CPython: more() returns b"" at once, so a channel drops the
    producer with its data unsent."""
    producer = producer_class(b"abc", 0)
    assert producer.more() == b""


@FAST
@given(data=st.binary(max_size=200), size=st.integers(1, 64))
def test_simple_producer_reassembles(data, size):
    producer = simple_producer(data, size)
    pieces = []
    for _ in range(len(data) // size + 2):
        piece = producer.more()
        if not piece:
            break
        assert len(piece) <= size
        pieces.append(piece)
    assert b"".join(pieces) == data  # type: ignore[arg-type]  # more() of bytes gives bytes
    assert all(len(p) == size for p in pieces[:-1])
    assert producer.more() == b""


# -- a drop-in asynchat over real sockets ----------------------------------------------------


def pump(channel_map, done, rounds=500):
    """Run the loop one round at a time until ``done()``."""
    for _ in range(rounds):
        if done():
            return
        asyncore.loop(timeout=0, map=channel_map, count=1)
    assert done(), "the channel did not get there in %d loop rounds" % rounds


def read_available(peer):
    """Everything the peer can read now; None once the channel closed."""
    data = bytearray()
    while True:
        try:
            chunk = peer.recv(65536)
        except BlockingIOError:
            return bytes(data)
        if not chunk:
            return bytes(data) if data else None
        data += chunk


@pytest.fixture
def socket_pair():
    channel_end, peer = socket.socketpair()
    peer.setblocking(False)
    yield channel_end, peer
    peer.close()
    channel_end.close()


def make_server(asynchat):
    """A small line protocol written against ``asynchat``'s documented API
    and the attributes subclasses in the wild use."""

    class Server(asynchat.async_chat):  # type: ignore[name-defined]  # the module under test's
        def __init__(self, sock, map):  # noqa: A002
            asynchat.async_chat.__init__(self, sock, map=map)
            self.set_terminator(b"\r\n")
            self.messages = []
            self.peeked = []

        def collect_incoming_data(self, data):
            self._collect_incoming_data(data)

        def found_terminator(self):
            message = self._get_data()
            if isinstance(self.get_terminator(), int):  # a body just ended
                self.messages.append(("body", message))
                self.set_terminator(b"\r\n")
                return
            self.messages.append(message)
            if message.startswith(b"LEN "):
                self.set_terminator(int(message[4:]))
            elif message == b"PEEK":
                self.peeked.append(self.ac_in_buffer)  # type: ignore[has-type]  # the base's
            elif message == b"INJECT":
                self.ac_in_buffer = b"injected\r\n" + self.ac_in_buffer  # type: ignore[has-type]  # likewise
            elif message == b"DROP":
                self.ac_in_buffer = b""
            elif message == b"QUIT":
                self.push(b"bye\r\n")
                self.close_when_done()

    return Server


@pytest.mark.parametrize("asynchat", IMPLEMENTATIONS)
def test_drop_in_line_protocol(asynchat, socket_pair):
    channel_end, peer = socket_pair
    channel_map: Dict[int, Any] = {}
    server = make_server(asynchat)(channel_end, channel_map)
    try:
        peer.sendall(b"PEEK\r\nLEN 5\r\nhelloINJECT\r\nnext\r\nDROP\r\nlost\r\n")
        pump(channel_map, lambda: b"DROP" in server.messages)
        assert server.messages == [
            b"PEEK",
            b"LEN 5",
            ("body", b"hello"),
            b"INJECT",
            b"injected",
            b"next",
            b"DROP",
        ]
        assert server.peeked == [b"LEN 5\r\nhelloINJECT\r\nnext\r\nDROP\r\nlost\r\n"]
        assert server.ac_in_buffer == b"", "DROP emptied the input received with it"

        peer.sendall(b"par")
        pump(channel_map, lambda: server.incoming == [b"par"])
        peer.sendall(b"tial\r\nQUIT\r\n")
        pump(channel_map, lambda: not channel_map)
        assert server.messages[-2:] == [b"partial", b"QUIT"]
        received = read_available(peer)
        assert received == b"bye\r\n" and read_available(peer) is None
    finally:
        server.close()


@pytest.mark.parametrize("asynchat", IMPLEMENTATIONS)
def test_drop_in_producer_fifo(asynchat, socket_pair):
    channel_end, peer = socket_pair
    channel_map: Dict[int, Any] = {}
    server = make_server(asynchat)(channel_end, channel_map)
    try:
        server.ac_out_buffer_size = 4  # per instance, as subclasses do
        server.push(b"0123456789")
        assert read_available(peer) == b"0123", "push() sends its first block at once"
        assert len(server.producer_fifo) == 2 and server.producer_fifo
        server.producer_fifo.clear()
        assert len(server.producer_fifo) == 0 and not server.producer_fifo
        assert not server.writable()
        server.push_with_producer(asynchat.simple_producer(b"abcdef", 2))
        server.push(b"!")
        pump(channel_map, lambda: not server.writable())
        assert read_available(peer) == b"abcdef!"
        assert isinstance(server.producer_fifo, deque)
    finally:
        server.close()


@pytest.mark.parametrize("asynchat", IMPLEMENTATIONS)
def test_drop_in_per_instance_in_buffer_size(asynchat, socket_pair):
    channel_end, peer = socket_pair
    channel_map: Dict[int, Any] = {}
    reads = []

    class Collector(asynchat.async_chat):  # type: ignore[name-defined]  # the module under test's
        def collect_incoming_data(self, data):
            reads.append(data)

        def found_terminator(self):
            raise AssertionError("no terminator is set")

    chat = Collector(channel_end, map=channel_map)
    try:
        chat.set_terminator(None)
        chat.ac_in_buffer_size = 4
        peer.sendall(b"0123456789")
        pump(channel_map, lambda: b"".join(reads) == b"0123456789")
        assert reads == [b"0123", b"4567", b"89"]
        assert asynchat.async_chat.ac_in_buffer_size == 65536, "the class default is untouched"
    finally:
        chat.close()
