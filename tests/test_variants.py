"""Deviation variants (core/variants.py): each one changes the model's trace
where its rule applies, and nowhere else; a record names one by rule and
name."""

import inspect

import pytest

from asynchat_conformance.core.model import expected_trace
from asynchat_conformance.core.scenario import (
    Batch,
    CallMethod,
    CloseWhenDone,
    Deliver,
    DiscardBuffers,
    FailNext,
    Inspect,
    Observe,
    Push,
    PushProducer,
    PushWithProducer,
    Scenario,
    SetTerminator,
    Unconnected,
)
from asynchat_conformance.core.variants import VARIANTS, Variant, model_class, variant_for
from asynchat_reference import rules, spec

pytestmark = pytest.mark.unit

#: variant -> a scenario where its rule applies and the variant shows.
EXERCISING = {
    ("closing.mark-calls-handle-close", "close"): Scenario(steps=(Push(b"last"), CloseWhenDone())),
    ("closing.when-done-queued", "idle-closes-at-once"): Scenario(
        steps=(Batch((CloseWhenDone(), DiscardBuffers())),)
    ),
    ("closing.nothing-after-close", "stays-connected"): Scenario(
        steps=(CloseWhenDone(), Push(b"after"))
    ),
    ("closing.nothing-after-close", "no-socket-raises"): Scenario(
        steps=(Unconnected(), Push(b"queued"))
    ),
    ("closing.nothing-after-close", "asyncore-2.5"): Scenario(
        steps=(Unconnected(), CallMethod("close"))
    ),
    ("closing.disconnect-errnos", "asyncore-2.5"): Scenario(
        steps=(FailNext("recv", "ECONNABORTED", "socket"), Deliver(b"a\r\n"))
    ),
    ("closing.disconnect-errnos", "etimedout"): Scenario(
        steps=(FailNext("recv", "ETIMEDOUT", "socket"), Deliver(b"a\r\n"))
    ),
    ("pushing.type-error", "encodes-str"): Scenario(steps=(Push("text"),)),
    ("pushing.type-error", "queues-text"): Scenario(steps=(Push("text"),)),
    ("pushing.bytes-like", "refused"): Scenario(steps=(Push(bytearray(b"data")),)),
    ("pushing.bytes-like", "memoryview-as-producer"): Scenario(steps=(Push(memoryview(b"data")),)),
    ("pushing.no-pieces", "simple-producer"): Scenario(steps=(Observe("sends"), Push(b"x" * 1000))),
    ("queue.head-only", "out-buffer"): Scenario(
        steps=(Observe("sends"), PushProducer((b"abc", b"de"))), ac_out_buffer_size=2
    ),
    ("queue.str-encoded", "raw-ucs4"): Scenario(steps=(PushWithProducer("ab"),)),
    ("queue.str-encoded", "ascii-joined"): Scenario(steps=(PushProducer((b"ab", "cd")),)),
    ("reading.always-readable", "bounded"): Scenario(
        steps=(Deliver(b"1234"), Deliver(b"5x")), terminator=b"12345", ac_in_buffer_size=2
    ),
    ("reading.blocking-ignored", "error"): Scenario(
        steps=(Deliver(b"a\r\n"), FailNext("recv", "EAGAIN", "socket"), Deliver(b"b\r\n"))
    ),
    ("setting.negative-count", "accepted"): Scenario(steps=(SetTerminator(-2), Deliver(b"abc"))),
    ("setting.str-encoded", "kept-as-str"): Scenario(
        steps=(SetTerminator("\r\n"), Deliver(b"a\r\n")), use_encoding=True
    ),
    ("setting.str-encoded", "kept-as-text"): Scenario(
        steps=(SetTerminator("\r\n"), Deliver(b"a\r\n")), use_encoding=True
    ),
    ("defaults.buffer-sizes", "4096"): Scenario(
        steps=(Inspect("ac_in_buffer_size"), Inspect("ac_out_buffer_size"))
    ),
    ("defaults.encoding", "absent"): Scenario(steps=(Inspect("use_encoding"), Inspect("encoding"))),
    ("incoming.collect-appends", "absent"): Scenario(
        steps=(CallMethod("_collect_incoming_data", (b"x",), own=True), Inspect("incoming"))
    ),
    ("incoming.get-data-empties", "absent"): Scenario(steps=(CallMethod("_get_data"),)),
}

#: No rule with a variant applies here: messages in, a reply out, a close.
NEUTRAL = Scenario(steps=(Deliver(b"one\r\ntw"), Push(b"reply"), Deliver(b"o\r\n"), Push(b"more")))

ALL = [variant for known in VARIANTS.values() for variant in known.values()]

#: Variants that refine a step another variant introduces, with that one.
COMPANIONS = {("queue.str-encoded", "ascii-joined"): (VARIANTS["queue.head-only"]["out-buffer"],)}


def _with_companions(variant):
    return (variant,) + COMPANIONS.get((variant.rule, variant.name), ())


def _id(variant: Variant) -> str:
    return "%s/%s" % (variant.rule, variant.name)


def test_every_variant_has_an_exercising_scenario():
    assert sorted(EXERCISING) == sorted((v.rule, v.name) for v in ALL)


@pytest.mark.parametrize("variant", ALL, ids=_id)
def test_a_variant_that_hands_on_to_super_is_a_spec_channel(variant):
    """A method that hands other cases to ``super()`` hands them to the spec
    channel: the mixin subclasses it, so that what they call is checked
    against it."""
    handing_on = [
        name
        for name, value in vars(variant.mixin).items()
        if inspect.isfunction(value) and "super" in value.__code__.co_names
    ]
    if handing_on:
        assert issubclass(variant.mixin, spec.async_chat), handing_on


@pytest.mark.parametrize("variant", ALL, ids=_id)
def test_variant_shows_where_its_rule_applies(variant):
    scenario = EXERCISING[variant.rule, variant.name]
    companions = _with_companions(variant)
    without, played = expected_trace(scenario, companions[1:]), expected_trace(scenario, companions)
    assert played.render("calls") != without.render("calls")


#: The buffer sizes are class attributes, read with no step that could note them.
NOTING = [variant for variant in ALL if variant.rule != rules.BUFFER_SIZES.id]


@pytest.mark.parametrize("variant", NOTING, ids=_id)
def test_variant_notes_its_rule(variant):
    played = expected_trace(EXERCISING[variant.rule, variant.name], _with_companions(variant))
    assert variant.rule in {firing.rule for firing in played.rules}


@pytest.mark.parametrize("variant", ALL, ids=_id)
def test_variant_changes_nothing_where_its_rule_does_not_apply(variant):
    plain, played = expected_trace(NEUTRAL), expected_trace(NEUTRAL, _with_companions(variant))
    assert variant.rule not in {firing.rule for firing in plain.rules + played.rules}
    assert played.render("calls") == plain.render("calls")
    assert played.peer_received == plain.peer_received == b"replymore"


def _records(path):
    """The variants a built-in target's deviations file names (its records
    of whole cases left out)."""
    from importlib import resources

    text = resources.files("asynchat_conformance.targets").joinpath(path).read_text()
    lines = [
        line.split(":", 1)[0].split("[")[0].strip()
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    ]
    return tuple(
        variant_for(*(key.split("/") + [None])[:2])  # type: ignore[arg-type]  # the rule is always there
        for key in lines
        if key.split("/")[0] in rules.RULES
    )


@pytest.mark.parametrize(
    "path", ["supervisor.deviations", "pyftpdlib.deviations", "stdlib-py27.deviations"]
)
def test_built_in_records_name_variants_that_compose(path):
    variants = _records(path)
    assert variants
    # Composed once, whatever the order, and still a working model.
    assert model_class(variants) is model_class(tuple(reversed(variants)))
    assert expected_trace(NEUTRAL, variants).peer_received == b"replymore"


def test_supervisor_variants_compose_into_its_output_path():
    """Pieces of 512 bytes, joined in the port's own buffer, and the close
    mark ending in close(): what supervisor's medusa asynchat does."""
    variants = _records("supervisor.deviations")
    scenario = Scenario(
        steps=(Observe("sends"), Push(b"a" * 600), Push(b"b" * 10), CloseWhenDone())
    )
    trace = expected_trace(scenario, variants)
    assert [call.value for call in trace.calls if call.name == "send"] == [512, 88, 10]
    assert all(call.name != "handle_close" for call in trace.calls)
    assert trace.peer_received == b"a" * 600 + b"b" * 10 and trace.peer_saw_close


def test_a_rule_with_one_variant_needs_no_name():
    assert variant_for("queue.head-only", None) is VARIANTS["queue.head-only"]["out-buffer"]
    assert variant_for("queue.head-only", "out-buffer").rule == "queue.head-only"


@pytest.mark.parametrize(
    "rule, name, message",
    [
        ("no.such-rule", None, "'no.such-rule' is not a rule id"),
        ("framing.holdback", None, "rule framing.holdback has no variant"),
        (
            "closing.disconnect-errnos",
            None,
            "record one as closing.disconnect-errnos/NAME, NAME one of asyncore-2.5, etimedout",
        ),
        (
            "closing.disconnect-errnos",
            "nope",
            "has no variant 'nope'; its variants: asyncore-2.5, etimedout",
        ),
    ],
)
def test_variant_for_says_what_is_wrong(rule, name, message):
    with pytest.raises(LookupError) as raised:
        variant_for(rule, name)
    assert message in str(raised.value)
