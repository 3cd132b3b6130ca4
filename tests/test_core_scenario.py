"""Unit tests of ``core.scenario``: a scenario's ``repr`` is the reproduction.

A failure report and a results file print ``repr(scenario)`` for a port
maintainer to paste into ``replay(...)``: it must evaluate back -- after
``from asynchat_conformance import *``, or the ``core.scenario`` import the
replay snippet spells -- to the same scenario, with the same types (a
``bytearray`` pushed is not ``bytes`` pushed), for every step kind.  Checked
on hand-written examples, on a strategy that draws every step kind with any
field values, and on the suite's own strategies.  No sockets here.
"""

from dataclasses import fields, is_dataclass
from typing import Any, Dict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asynchat_conformance.core import scenario as sc
from asynchat_conformance.core.elide import elide
from asynchat_conformance.suite import strategies as suite_strategies

pytestmark = pytest.mark.unit

STEP_KINDS = {name: getattr(sc, name) for name in sc.__all__ if name != "Scenario"}

#: The two imports a reproduction is evaluated after.
IMPORTS = ("from asynchat_conformance import *", "from asynchat_conformance.core.scenario import *")


def namespace(imports):
    found: Dict[str, Any] = {}
    exec(imports, found)
    return found


NAMESPACES = {imports: namespace(imports) for imports in IMPORTS}


def evaluate(text, imports=IMPORTS[0]):
    return eval(text, dict(NAMESPACES[imports]))


def shape(value):
    """``value`` with every type spelled out, so that ``bytes`` and an equal
    ``bytearray`` (which ``==`` does not tell apart) compare different."""
    if is_dataclass(value):
        return (type(value).__name__,) + tuple(
            (item.name, shape(getattr(value, item.name))) for item in fields(value)
        )
    if isinstance(value, (tuple, list)):
        return (type(value).__name__,) + tuple(shape(item) for item in value)
    if isinstance(value, memoryview):
        return ("memoryview", value.format, value.tobytes())
    return (type(value).__name__, value)


def assert_round_trip(scenario):
    text = repr(scenario)
    for imports in IMPORTS:
        rebuilt = evaluate(text, imports)
        assert rebuilt == scenario, (text, imports)
        assert shape(rebuilt) == shape(scenario), text
        assert repr(rebuilt) == text


# -- every step kind, drawn with any field values ---------------------------------------

values = st.recursive(
    st.one_of(
        st.binary(max_size=6),
        st.binary(max_size=6).map(bytearray),
        st.binary(max_size=6).map(lambda b: memoryview(b)),
        st.text(max_size=4),
        st.integers(-3, 70000),
        st.none(),
        st.booleans(),
    ),
    lambda inner: st.lists(inner, max_size=3).map(tuple),
    max_leaves=6,
)
chunks = st.lists(st.binary(max_size=6), max_size=3).map(tuple)
names = st.sampled_from(["ac_in_buffer", "incoming", "encoding", "push", "_get_data"])
errnos = st.sampled_from(["ECONNRESET", "EPIPE", "EWOULDBLOCK", "EBADF"])

STEPS = {
    "Deliver": st.builds(sc.Deliver, st.binary(max_size=8)),
    "SetTerminator": st.builds(sc.SetTerminator, values),
    "GetTerminator": st.just(sc.GetTerminator()),
    "Push": st.builds(sc.Push, values),
    "PushProducer": st.builds(sc.PushProducer, chunks),
    "PushSimpleProducer": st.builds(
        sc.PushSimpleProducer, st.binary(max_size=8), st.integers(1, 700)
    ),
    "CloseWhenDone": st.just(sc.CloseWhenDone()),
    "DiscardBuffers": st.just(sc.DiscardBuffers()),
    "PeerClose": st.builds(sc.PeerClose, st.booleans()),
    "Inspect": st.builds(sc.Inspect, names),
    "CallMethod": st.builds(
        sc.CallMethod, names, st.lists(values, max_size=2).map(tuple), st.booleans(), st.booleans()
    ),
    "Readiness": st.just(sc.Readiness()),
    "SentSoFar": st.just(sc.SentSoFar()),
    "Observe": st.builds(
        sc.Observe, st.sampled_from(["sends", "collected-types", "incoming", "something else"])
    ),
    "FailNext": st.builds(
        sc.FailNext,
        st.sampled_from(["recv", "send"]),
        errnos,
        st.sampled_from(["dispatcher", "socket"]),
    ),
    "SetAttribute": st.builds(sc.SetAttribute, names, values),
    "Connecting": st.just(sc.Connecting()),
    "PushWithProducer": st.builds(sc.PushWithProducer, values),
    "PushFalsyProducer": st.builds(sc.PushFalsyProducer, chunks),
    "PushWide": st.builds(sc.PushWide, st.binary(max_size=8), st.sampled_from(["I", "H"])),
    "PushReentrantProducer": st.builds(
        sc.PushReentrantProducer, st.binary(max_size=8), st.binary(max_size=8)
    ),
    "Unconnected": st.just(sc.Unconnected()),
    "WriteEvent": st.just(sc.WriteEvent()),
    "Connect": st.just(sc.Connect()),
}
PEER_STEPS = ("Deliver", "PeerClose", "Batch")
reactions = st.one_of([strategy for name, strategy in STEPS.items() if name not in PEER_STEPS])
STEPS["Inside"] = st.builds(
    sc.Inside,
    st.sampled_from(["collect_incoming_data", "more", "writable"]),
    st.lists(reactions, max_size=2).map(tuple),
)
plain_steps = st.one_of(list(STEPS.values()))
STEPS["Batch"] = st.builds(
    sc.Batch,
    st.lists(
        st.one_of(reactions, st.builds(sc.Batch, st.lists(reactions, max_size=2).map(tuple))),
        max_size=3,
    ).map(tuple),
)
steps = st.one_of(plain_steps, STEPS["Batch"])
sizes = st.one_of(st.none(), st.integers(0, 70000))

scenarios = st.builds(
    sc.Scenario,
    steps=st.lists(steps, max_size=5).map(tuple),
    terminator=st.one_of(values, st.just(b"\r\n"), st.just(bytearray(b"\r\n"))),
    on_found=st.lists(st.lists(reactions, max_size=3).map(tuple), max_size=3).map(tuple),
    ac_in_buffer_size=sizes,
    ac_out_buffer_size=sizes,
    use_encoding=st.booleans(),
    peer_read_size=sizes,
    socket_buffer=sizes,
)


def test_every_step_kind_has_a_strategy_here():
    """A step kind added to ``scenario.py`` must be drawn below too."""
    assert set(STEPS) == set(STEP_KINDS)


def test_every_step_kind_is_exported_by_the_package():
    """The reproduction is pasted after ``from asynchat_conformance import *``."""
    exported = namespace(IMPORTS[0])
    for name, kind in STEP_KINDS.items():
        assert exported.get(name) is kind, name
    assert exported["Scenario"] is sc.Scenario


@settings(max_examples=150, deadline=None, database=None, derandomize=True)
@given(scenarios)
def test_repr_round_trips_for_any_scenario(scenario):
    assert_round_trip(scenario)


@settings(max_examples=100, deadline=None, database=None, derandomize=True)
@given(
    st.one_of(
        suite_strategies.input_scenarios(),
        suite_strategies.input_scenarios(False),
        suite_strategies.output_scenarios(),
        suite_strategies.output_scenarios(big=True),
        suite_strategies.discard_scenarios(),
    )
)
def test_repr_round_trips_for_the_suites_own_scenarios(scenario):
    """What the property cases draw is what their failures print."""
    assert_round_trip(scenario)


# -- examples ----------------------------------------------------------------------------

EXAMPLES = [
    sc.Scenario(steps=()),
    sc.Scenario(steps=(sc.Deliver(b"ab\r\n"),)),
    # every step kind, with every field away from its default
    sc.Scenario(
        steps=(
            sc.Deliver(b"x" * 3 + b"\r\n"),
            sc.SetTerminator(7),
            sc.GetTerminator(),
            sc.Push(b"bytes"),
            sc.Push(bytearray(b"array")),
            sc.Push(memoryview(b"view")),
            sc.Push("text"),
            sc.PushProducer((b"a", b"bc")),
            sc.PushSimpleProducer(b"data", buffer_size=3),
            sc.CloseWhenDone(),
            sc.DiscardBuffers(),
            sc.Batch((sc.Push(b"one"), sc.SentSoFar(), sc.Batch((sc.Readiness(),)))),
            sc.Inspect("ac_in_buffer"),
            sc.CallMethod(
                "collect_incoming_data", (b"data", memoryview(b"mv")), own=True, message=True
            ),
            sc.CallMethod("_get_data"),
            sc.Readiness(),
            sc.SentSoFar(),
            sc.Observe("sends"),
            sc.FailNext("send", "EPIPE", layer="socket"),
            sc.SetAttribute("encoding", "utf-16-le"),
            sc.SetAttribute("data", (1, (b"",))),
            sc.Connecting(),
            sc.PushWithProducer("text"),
            sc.PushFalsyProducer((b"falsy",)),
            sc.PushWide(b"abcdefgh", format="H"),
            sc.PushReentrantProducer(b"chunk", b"pushed"),
            sc.Inside("handle_close", (sc.Push(b"bye"), sc.CallMethod("close"))),
            sc.Unconnected(),
            sc.WriteEvent(),
            sc.Connect(),
            sc.PeerClose(reset=True),
        ),
        terminator=None,
        on_found=((), (sc.SetTerminator(b"\n"), sc.Push(b"reply")), (sc.CloseWhenDone(),)),
        ac_in_buffer_size=3,
        ac_out_buffer_size=0,
        use_encoding=True,
        peer_read_size=0,
        socket_buffer=4096,
    ),
    # values equal to a default but of another type are not defaults
    sc.Scenario(steps=(), terminator=bytearray(b"\r\n")),
    sc.Scenario(steps=(sc.SetTerminator(bytearray(b"\r\n")),), terminator=memoryview(b"\r\n")),
    # the suite's own push.bytes-like case
    sc.Scenario(
        steps=(sc.Push(b"bytes "), sc.Push(bytearray(b"bytearray ")), sc.Push(memoryview(b"view")))
    ),
]


@pytest.mark.parametrize("scenario", EXAMPLES, ids=range(len(EXAMPLES)))
def test_repr_round_trips_for_examples(scenario):
    assert_round_trip(scenario)


def test_the_examples_use_every_step_kind():
    used = set()

    def visit(step):
        used.add(type(step).__name__)
        for inner in getattr(step, "steps", ()):
            visit(inner)

    for scenario in EXAMPLES:
        for step in scenario.steps + tuple(r for group in scenario.on_found for r in group):
            visit(step)
    assert used == set(STEP_KINDS)


def test_repr_leaves_out_the_defaults():
    """Reproductions stay short: only what differs from a default is printed."""
    assert repr(sc.Scenario(steps=())) == "Scenario(steps=())"
    assert (
        repr(sc.Scenario(steps=(), terminator=b"\r\n", on_found=(), use_encoding=False))
        == "Scenario(steps=())"
    )
    assert (
        repr(sc.Scenario(steps=(sc.Deliver(b"a"),), ac_in_buffer_size=0, peer_read_size=0))
        == "Scenario(steps=(Deliver(data=b'a'),), ac_in_buffer_size=0, peer_read_size=0)"
    )
    assert repr(sc.Scenario(steps=(), terminator=None)) == "Scenario(steps=(), terminator=None)"


def test_a_memoryview_is_printed_as_python():
    """``<memory at 0x...>`` is neither runnable nor readable."""
    scenario = sc.Scenario(steps=(sc.Push(memoryview(b"view")),))
    assert repr(scenario) == "Scenario(steps=(Push(data=memoryview(b'view')),))"
    assert "push(memoryview(b'view'))" in scenario.describe()
    assert "<memory" not in repr(sc.CallMethod("push", (memoryview(b"v"),)))


def test_elided_repr_still_evaluates_to_the_scenario():
    """Results files print long data elided (``b'x' * 70000``), still runnable."""
    scenario = sc.Scenario(
        steps=(sc.Deliver(b"x" * 70000 + b"\r\n"), sc.PushProducer((b"ab" * 5000, b"y"))),
        on_found=((sc.Push(bytearray(b"z" * 300)),),),
    )
    text = elide(repr(scenario))
    assert len(text) < 300, text
    assert "b'x' * 70000" in text
    assert_round_trip(evaluate(text))
    assert evaluate(text) == scenario


def test_describe_numbers_nothing_and_names_every_setting():
    scenario = sc.Scenario(
        steps=(sc.Deliver(b"ab"), sc.Push(b"x")),
        terminator=3,
        on_found=((), (sc.CloseWhenDone(),)),
        ac_in_buffer_size=5,
    )
    assert scenario.describe().splitlines() == [
        "with ac_in_buffer_size = 5",
        "set_terminator(3)",
        "peer sends b'ab'",
        "push(b'x')",
        "inside found_terminator() call #2: close_when_done()",
    ]


def test_channel_settings_carry_the_reactions_as_steps():
    """The channel side is handed the scenario's own steps, not a copy as data."""
    reactions = ((sc.Push(b"a"), sc.SetTerminator(2)), ())
    settings = sc.Scenario(steps=(), on_found=reactions).channel_settings()
    assert settings["on_found"] is reactions


def test_scenario_flags():
    assert sc.Scenario(steps=(sc.Batch((sc.PushSimpleProducer(b"a"),)),)).uses_simple_producer
    assert sc.Scenario(steps=(), on_found=((sc.PushSimpleProducer(b"a"),),)).uses_simple_producer
    assert not sc.Scenario(steps=(sc.PushProducer((b"a",)),)).uses_simple_producer
    assert sc.Scenario(steps=(sc.PeerClose(reset=True),)).needs_tcp
    assert not sc.Scenario(steps=(sc.PeerClose(),)).needs_tcp
    assert sc.Scenario(steps=(), on_found=((sc.Push(b"a"),),)).reactions(5) == ()
