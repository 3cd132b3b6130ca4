"""Hypothesis strategies for scenarios.

Bytes come from a small alphabet that shares characters with the
terminators, so that streams contain terminators, split terminators and
near-misses (``b"aa"`` before ``b"aab"``) far more often than chance would.
Sizes stay small: one delivery fits one read and the kernel's socket buffer,
so that the model's reads are the target's reads.
"""

from typing import Any, List, Tuple

from hypothesis import strategies as st

from ..core import scenario as sc

ALPHABET = b"ab\r\n.x"

#: Line endings, multi-byte and self-overlapping terminators.
NAMED_TERMINATORS = [b"\n", b"\r\n", b"\r\n.\r\n", b"aab", b"abab", b"aaa", b"."]

byte_terminators = st.one_of(
    st.sampled_from(NAMED_TERMINATORS),
    st.lists(st.sampled_from(ALPHABET), min_size=1, max_size=4).map(bytes),
)
int_terminators = st.integers(min_value=0, max_value=40)
terminators = st.one_of(byte_terminators, byte_terminators, int_terminators, st.none())

small_bytes = st.lists(st.sampled_from(ALPHABET), max_size=12).map(bytes)


@st.composite
def streams(draw: Any, max_pieces: int = 12, using: Any = ()) -> bytes:
    """A byte stream built from terminators (``using`` and random ones),
    their prefixes and filler."""
    terms = [t for t in using if isinstance(t, bytes) and t]
    terms += draw(st.lists(byte_terminators, min_size=0 if terms else 1, max_size=2))
    piece = st.one_of(
        small_bytes,
        st.sampled_from(terms),
        st.sampled_from(terms).flatmap(lambda t: st.integers(1, len(t)).map(lambda n: t[:n])),
    )
    return b"".join(draw(st.lists(piece, max_size=max_pieces)))


@st.composite
def splits(draw: Any, data: bytes) -> List[bytes]:
    """``data`` cut into deliveries: anywhere, one byte at a time, or whole."""
    if not data:
        return []
    how = draw(st.sampled_from(["anywhere", "anywhere", "bytewise", "whole"]))
    if how == "whole":
        return [data]
    if how == "bytewise":
        return [data[i : i + 1] for i in range(len(data))]
    cuts = sorted(set(draw(st.lists(st.integers(1, max(1, len(data) - 1)), max_size=8))))
    bounds = [0] + [c for c in cuts if 0 < c < len(data)] + [len(data)]
    return [data[a:b] for a, b in zip(bounds, bounds[1:])]


in_buffer_sizes = st.one_of(st.none(), st.integers(1, 8), st.just(4096))
out_buffer_sizes = st.one_of(st.none(), st.integers(1, 16), st.just(512))

terminator_switches = st.builds(sc.SetTerminator, terminators)


@st.composite
def input_scenarios(draw: Any, switching: bool = True) -> sc.Scenario:
    """Deliveries of a stream; with ``switching``, terminator changes inside
    ``found_terminator()`` as well."""
    terminator = draw(terminators)
    reactions: Tuple[Tuple[Any], ...] = ()
    if switching:
        reactions = tuple((r,) for r in draw(st.lists(terminator_switches, max_size=8)))
    used = [terminator] + [r[0].terminator for r in reactions]
    stream = draw(streams(using=used))
    return sc.Scenario(
        steps=tuple(sc.Deliver(chunk) for chunk in draw(splits(stream))),
        terminator=terminator,
        on_found=reactions,
        ac_in_buffer_size=draw(in_buffer_sizes),
    )


payloads = st.binary(max_size=300)
chunk_lists = st.lists(st.binary(min_size=1, max_size=200), max_size=5).map(tuple)

output_steps = st.one_of(
    st.builds(sc.Push, payloads),
    st.builds(sc.Push, payloads.map(bytearray)),
    st.builds(sc.PushProducer, chunk_lists),
    st.builds(sc.PushSimpleProducer, st.binary(max_size=2000), st.integers(1, 700)),
)


@st.composite
def output_scenarios(draw: Any, closing: bool = True, big: bool = False) -> sc.Scenario:
    """Pushes and producers, optionally ending in ``close_when_done()``.
    ``big`` adds payloads large enough to fill small socket buffers."""
    step = output_steps
    if big:
        step = st.one_of(
            output_steps,
            st.builds(
                sc.Push, st.integers(1000, 60000).map(lambda n: bytes(i % 251 for i in range(n)))
            ),
        )
    steps = draw(st.lists(step, min_size=1, max_size=8))
    if closing and draw(st.booleans()):
        steps.append(sc.CloseWhenDone())
        steps.extend(draw(st.lists(output_steps, max_size=2)))
    return sc.Scenario(steps=tuple(steps), ac_out_buffer_size=draw(out_buffer_sizes))


@st.composite
def discard_scenarios(draw: Any) -> sc.Scenario:
    """Input and output interleaved, with ``discard_buffers()`` between
    steps and inside ``found_terminator()``."""
    inputs = draw(input_scenarios(switching=False))
    steps: List[Any] = []
    for delivery in inputs.steps:
        steps.append(delivery)
        steps.extend(
            draw(st.lists(st.one_of(output_steps, st.just(sc.DiscardBuffers())), max_size=2))
        )
    reaction = st.one_of(
        output_steps, st.just(sc.DiscardBuffers()), terminator_switches, st.just(sc.CloseWhenDone())
    )
    on_found = tuple(
        tuple(draw(st.lists(reaction, max_size=3))) for _ in range(draw(st.integers(0, 5)))
    )
    return sc.Scenario(
        steps=tuple(steps),
        terminator=inputs.terminator,
        on_found=on_found,
        ac_in_buffer_size=inputs.ac_in_buffer_size,
        ac_out_buffer_size=draw(out_buffer_sizes),
    )
