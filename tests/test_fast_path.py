"""The fast path of the input rules against their readable statement.

``reference.framing.InputBuffer`` frames by ``bytes.split()`` or by
memchr() and ``bytes.find()`` from an offset, as the last read's message
lengths pick, and keeps ``ac_in_buffer`` up to date only when someone looks;
``reference.spec.async_chat`` applies the rules one step at a time, the plain
way.  Hypothesis drives both with the same chats -- random bytes cut into
reads at random points, byte-string, bytearray, integer and ``None``
terminators switched inside the callbacks, callbacks that look at and
replace ``ac_in_buffer``, swap a callback, feed more input from inside a
callback or raise, and ``get_terminator()`` overrides -- and the two must
make the same calls with the same terminators and leave the same pending
bytes, at every step.

The first property drives the fast path's framing class directly, with
every form of the ``plain_terminator`` hint and each loop forced as well as
picked, against the specification's channel fed the same reads; the second
drives ``reference.async_chat`` against ``reference.spec.async_chat``
through ``handle_read()``, so that ``reference.chat``'s glue
(``ac_in_buffer``, ``discard_buffers()``, its own answer to whether
``get_terminator()`` is the default one) is checked with the fast path under
it.
"""

from dataclasses import dataclass
from typing import Any, List, Optional, Tuple

from hypothesis import given, settings
from hypothesis import strategies as st

import asynchat_reference as reference
import asynchat_reference.spec
from asynchat_reference.framing import InputBuffer


class SplitLoop(InputBuffer):
    """Frames every read it may by the split loop, however long its messages."""

    SPAN = 1 << 62


class FindLoop(InputBuffer):
    """Frames every read by the find loop, however short its messages."""

    SPAN = 0

    def __init__(self) -> None:
        super().__init__()
        self._short = False


class PickedLoop(InputBuffer):
    """Picks the loop as InputBuffer does, for messages longer than 4 bytes
    (the chats here are short)."""

    SPAN = 4


#: The framings under test: the loop picked by how the last read went, and
#: either loop forced.
FRAMINGS = {"picked": PickedLoop, "default": InputBuffer, "split": SplitLoop, "find": FindLoop}

PROPERTY = settings(max_examples=400, deadline=None, derandomize=True, database=None)

# -- what the chats are made of ---------------------------------------------------

ALPHABET = [b"a", b"b", b"\r", b"\n"]
BYTE_TERMINATORS = [b"\r\n", b"\n", b"a", b"aab", b"abab", b"\r\n.\r\n"]

byte_terminators = st.one_of(
    st.sampled_from(BYTE_TERMINATORS),
    st.lists(st.sampled_from(ALPHABET), min_size=1, max_size=4).map(b"".join),
)
#: Terminators a getter may return: each step then consumes input or ends.
getter_terminators = st.one_of(
    byte_terminators,
    byte_terminators.map(bytearray),
    st.integers(0, 12),
    st.sampled_from([None, b""]),
)
#: Terminators an attribute may hold: also negative counts, set without
#: set_terminator() (the framing then slices as CPython does).
attribute_terminators = st.one_of(getter_terminators, st.integers(-3, -1))

tokens = st.one_of(
    st.sampled_from(ALPHABET),
    byte_terminators,
    byte_terminators.map(lambda t: t[:-1]),
)
streams = st.lists(tokens, max_size=40).map(b"".join)


@st.composite
def reads(draw: Any) -> List[bytes]:
    """A stream rich in terminators and their prefixes, cut into reads; now
    and then an empty one (the buffered bytes are framed again)."""
    stream = draw(streams)
    cuts = draw(st.lists(st.integers(0, len(stream)), max_size=8))
    bounds = [0] + sorted(cuts) + [len(stream)]
    return [stream[a:b] for a, b in zip(bounds, bounds[1:])]


@dataclass(frozen=True)
class Reaction:
    """What one callback does, in this order, besides logging its call."""

    look: bool = False  # log ac_in_buffer
    terminator: Tuple[Any, ...] = ()  # (new terminator,) to switch to
    replace: Optional[Tuple[str, Any]] = None  # ("bytes", b) | ("slice", k) | ("more", b)
    look_again: bool = False  # log ac_in_buffer after the replacement
    swap: Optional[str] = None  # "collect" | "found": rebind that callback on the instance
    feed: Optional[bytes] = None  # feed this input from inside the callback
    boom: bool = False  # raise once done


def reactions(terminators: Any) -> Any:
    return st.builds(
        Reaction,
        look=st.booleans(),
        terminator=st.one_of(st.just(()), terminators.map(lambda t: (t,))),
        replace=st.one_of(
            st.none(),
            st.tuples(st.just("bytes"), streams),
            st.tuples(st.just("slice"), st.integers(0, 6)),
            st.tuples(st.just("more"), streams),
        ),
        look_again=st.booleans(),
        swap=st.sampled_from([None, None, None, "collect", "found"]),
        feed=st.one_of(st.none(), st.none(), st.none(), streams),
        boom=st.integers(0, 9).map(lambda n: n == 0),
    )


@dataclass(frozen=True)
class Script:
    getter: str  # "default", "logged" (override returning the attribute) or "shadow"
    first: Any  # the terminator set before the first read
    reactions: Tuple[Reaction, ...]  # by callback call, collect and found alike


@st.composite
def scripts(draw: Any) -> Script:
    getter = draw(st.sampled_from(["default", "logged", "shadow"]))
    # A getter that returns its own value ("shadow") must not return a
    # negative count: CPython, and the rules, would then loop for ever.
    terms = getter_terminators if getter == "shadow" else attribute_terminators
    return Script(getter, draw(terms), tuple(draw(st.lists(reactions(terms), max_size=16))))


class Boom(Exception):
    """What a reaction raises; it leaves feed(), and the next read comes."""


# -- the scripted user code ---------------------------------------------------------


class Scripted:
    """collect_incoming_data() and found_terminator() that log their calls
    and react as the script says.  How ``ac_in_buffer`` is looked at,
    replaced and fed to is left to the class it is mixed into."""

    DECOY = 1000  # the attribute, when a "shadow" getter answers instead

    def script_start(self, script: Script) -> None:
        self.script = script
        self.record: List[Tuple[Any, ...]] = []
        self.calls = 0
        self.shadow = script.first
        self.terminator = self.DECOY if script.getter == "shadow" else script.first

    def collect_incoming_data(self, data: bytes) -> None:
        self.record.append(("collect", bytes(data), self.terminator))
        self._react()

    def found_terminator(self) -> None:
        self.record.append(("found", self.terminator, self.shadow))
        self._react()

    def other_collect(self, data: bytes) -> None:
        self.record.append(("collect, swapped in", bytes(data)))
        self._react()

    def other_found(self) -> None:
        self.record.append(("found, swapped in", self.terminator))
        self._react()

    def _react(self) -> None:
        index, self.calls = self.calls, self.calls + 1
        if index >= len(self.script.reactions):
            return
        reaction = self.script.reactions[index]
        if reaction.look:
            self.record.append(("looks", self.looked_at()))
        if reaction.terminator:
            if self.script.getter == "shadow":
                self.shadow = reaction.terminator[0]
            else:
                self.terminator = reaction.terminator[0]
        if reaction.replace is not None:
            how, value = reaction.replace
            if how == "bytes":
                self.replace_buffer(value)
            elif how == "slice":
                self.replace_buffer(self.looked_at()[value:])
            else:
                self.replace_buffer(self.looked_at() + value)
            if reaction.look_again:
                self.record.append(("looks again", self.looked_at()))
        if reaction.swap is not None:
            name = reaction.swap + (
                "_incoming_data" if reaction.swap == "collect" else "_terminator"
            )
            if name in self.__dict__:
                del self.__dict__[name]
            else:
                setattr(self, name, getattr(self, "other_" + reaction.swap))
        if reaction.feed is not None:
            self.record.append(("feeds", reaction.feed))
            self.feed_more(reaction.feed)
        if reaction.boom:
            raise Boom()

    def after_read(self, error: Optional[Exception]) -> None:
        """Log how a read ended, and the state it left."""
        self.record.append(
            (
                "read",
                error and (type(error).__name__, str(error)),
                self.looked_at(),
                self.terminator,
                self.shadow,
            )
        )

    # The getter overrides, installed by subclassing (see chat_class()).

    def logged_get_terminator(self) -> Any:
        # What it sees of ac_in_buffer too: an override may look at it.
        self.record.append(("get_terminator", self.terminator, bytes(self.looked_at())))
        return self.terminator

    def shadow_get_terminator(self) -> Any:
        self.record.append(("get_terminator", self.shadow))
        return self.shadow

    # Supplied by the class this is mixed into.

    def looked_at(self) -> bytes:
        raise NotImplementedError

    def replace_buffer(self, data: bytes) -> None:
        raise NotImplementedError

    def feed_more(self, data: bytes) -> None:
        raise NotImplementedError


def with_getter(base: type, getter: str) -> type:
    """``base``, or a subclass whose get_terminator() is the override."""
    if getter == "default":
        return base
    override = (
        Scripted.logged_get_terminator if getter == "logged" else Scripted.shadow_get_terminator
    )
    return type(base.__name__ + "_" + getter, (base,), {"get_terminator": override})


# -- first property: the fast framing class against the spec channel ------------


class BareChat(Scripted):
    """Only what the framing code touches of a channel; the framer is
    reached directly."""

    def __init__(self, framer: Any, hint: Any, script: Script) -> None:
        self.framer = framer
        self.hint = hint
        self.script_start(script)

    def get_terminator(self) -> Any:
        return self.terminator

    def looked_at(self) -> bytes:
        return self.framer.pending

    def replace_buffer(self, data: bytes) -> None:
        self.framer.replace(data)

    def feed_more(self, data: bytes) -> None:
        self.framer.feed(data, self, self.hint)


def _default_getter(chat: Any) -> bool:
    return type(chat).get_terminator is BareChat.get_terminator


def hint_for(kind: str, getter: str) -> Any:
    """The ``plain_terminator`` argument: a bool or a function, true only
    where the getter is the default one -- or always false."""
    if kind == "never":
        return False
    if kind == "function":
        return _default_getter
    return getter == "default"


def bare_log(framing: type, chunks: List[bytes], script: Script, hint_kind: str) -> List[Any]:
    chat = with_getter(BareChat, script.getter)(
        framing(), hint_for(hint_kind, script.getter), script
    )
    for chunk in chunks:
        try:
            chat.framer.feed(chunk, chat, chat.hint)
        except Exception as error:  # Boom, or what the rules raise (a count switched to bytes)
            chat.after_read(error)
        else:
            chat.after_read(None)
    return chat.record


class SpecChat(Scripted, asynchat_reference.spec.async_chat):
    """The specification's channel, handed each read as ``received()``
    (no socket); the rules frame it one step at a time."""

    def __init__(self, script: Script) -> None:
        asynchat_reference.spec.async_chat.__init__(self, sock=None, map={})
        self.script_start(script)

    def looked_at(self) -> bytes:
        return self.ac_in_buffer

    def replace_buffer(self, data: bytes) -> None:
        self.ac_in_buffer = data

    def feed_more(self, data: bytes) -> None:
        self.received(data)


def spec_log(chunks: List[bytes], script: Script) -> List[Any]:
    """``bare_log()``'s log, from the specification's channel."""
    chat = with_getter(SpecChat, script.getter)(script)
    for chunk in chunks:
        try:
            chat.received(chunk)
        except Exception as error:  # as in bare_log()
            chat.after_read(error)
        else:
            chat.after_read(None)
    return chat.record


@PROPERTY
@given(
    chunks=reads(),
    script=scripts(),
    hint_kind=st.sampled_from(["bool", "function", "never"]),
    loop=st.sampled_from(sorted(FRAMINGS)),
)
def test_fast_path_frames_as_the_rules_say(chunks, script, hint_kind, loop):
    assert bare_log(FRAMINGS[loop], chunks, script, hint_kind) == spec_log(chunks, script)


def test_long_reads_with_many_messages_frame_alike():
    """The split loop at scale: one read of many messages, callbacks swapped,
    a terminator switch and a replacement in the middle of it, looked at
    throughout."""
    lines = b"".join(b"line %d\r\n" % n for n in range(2000))
    react = [Reaction(look=n % 7 == 0) for n in range(6000)]
    react[100] = Reaction(swap="collect")
    react[201] = Reaction(swap="found")
    react[400] = Reaction(swap="collect")
    react[1501] = Reaction(look=True, terminator=(b"\n",))
    react[2999] = Reaction(look=True, replace=("slice", 3), look_again=True)
    react[3500] = Reaction(terminator=(5,))
    script = Script("default", b"\r\n", tuple(react))
    chunks = [lines[: len(lines) // 2], lines[len(lines) // 2 :], lines]
    expected = spec_log(chunks, script)
    for framing in FRAMINGS.values():
        assert bare_log(framing, chunks, script, "bool") == expected


def test_long_messages_frame_alike():
    """The find loop at scale, as InputBuffer picks it: messages of 1 to 3 KiB
    whose bytes are full of the terminator's first byte (memchr() then
    stops short of most terminators), read in 4 KiB pieces, with a switch
    to a one-byte terminator and back, looked at throughout."""
    body = b"\r\r\n.\rx" * 400
    stream = b"".join(body[: 1000 + 7 * n] + b"\r\n.\r\n" for n in range(300))
    react = [Reaction(look=n % 3 == 0) for n in range(900)]
    react[301] = Reaction(look=True, terminator=(b"\n",))
    react[340] = Reaction(look=True, terminator=(b"\r\n.\r\n",))
    react[601] = Reaction(look=True, replace=("slice", 5), look_again=True)
    script = Script("default", b"\r\n.\r\n", tuple(react))
    chunks = [stream[i : i + 4096] for i in range(0, len(stream), 4096)]
    expected = spec_log(chunks, script)
    for framing in FRAMINGS.values():
        assert bare_log(framing, chunks, script, "bool") == expected


# -- second property: reference.async_chat over each framing ---------------------


class ScriptedChannel(Scripted):
    """Mixed into an ``async_chat``: reads scripted chunks instead of a
    socket, and looks at ``ac_in_buffer`` and replaces it as user code does."""

    def __init__(self, script: Script) -> None:
        super().__init__(sock=None, map={})  # type: ignore[call-arg]
        self.script_start(script)
        self.chunks: List[bytes] = []

    def recv(self, buffer_size: int) -> bytes:
        return self.chunks.pop(0)

    def looked_at(self) -> bytes:
        return self.ac_in_buffer

    def replace_buffer(self, data: bytes) -> None:
        if data:
            self.ac_in_buffer = data
        else:
            self.discard_buffers()  # type: ignore[attr-defined]

    def feed_more(self, data: bytes) -> None:
        self.chunks.insert(0, data)
        self.handle_read()  # type: ignore[attr-defined]


def channel_log(chat_class: type, chunks: List[bytes], script: Script) -> List[Any]:
    base = type(
        "Scripted_" + chat_class.__module__.replace(".", "_"), (ScriptedChannel, chat_class), {}
    )
    chat = with_getter(base, script.getter)(script)
    for chunk in chunks:
        chat.chunks.append(chunk)
        try:
            chat.handle_read()
        except Exception as error:  # as in bare_log()
            chat.after_read(error)
        else:
            chat.after_read(None)
    return chat.record


#: reference.async_chat over each framing.
CHANNELS = {
    name: reference.async_chat
    if framing is InputBuffer
    else type("async_chat_" + name, (reference.async_chat,), {"_framing": framing})
    for name, framing in FRAMINGS.items()
}


@PROPERTY
@given(chunks=reads(), script=scripts(), loop=st.sampled_from(sorted(CHANNELS)))
def test_reference_channel_frames_as_the_rules_say(chunks, script, loop):
    """reference.async_chat (the fast path) and reference.spec.async_chat
    (the rules, one step at a time) make the same calls."""
    assert channel_log(CHANNELS[loop], chunks, script) == channel_log(
        reference.spec.async_chat, chunks, script
    )


class RaisesOnce:
    """A get_terminator() override that fails once, on the second read."""

    asked = 0

    def get_terminator(self) -> Any:
        self.asked += 1
        self.record.append(("get_terminator", bytes(self.ac_in_buffer)))  # type: ignore[attr-defined]
        if self.asked == 2:
            raise Boom("once")
        return self.terminator  # type: ignore[attr-defined]


def test_a_failing_get_terminator_loses_no_input():
    """The read is in ac_in_buffer before the terminator is asked for, so a
    get_terminator() that raises leaves it there for the next read."""
    script = Script("default", b"\n", ())
    chunks = [b"one\n", b"two\n", b"three\n"]
    logs = {
        name: channel_log(type("Once", (RaisesOnce, chat), {}), chunks, script)
        for name, chat in (("fast", reference.async_chat), ("rules", reference.spec.async_chat))
    }
    assert logs["fast"] == logs["rules"]
    assert ("collect", b"two", b"\n") in logs["fast"], logs["fast"]
