"""Properties: Hypothesis explores streams, schedules, terminator switches
and call sequences; every example is judged against the reference model.

Examples that once exposed a bug stay here as ``@example`` so they are
re-checked on every run, whatever the profile.
"""

from dataclasses import replace

from hypothesis import example, given
from hypothesis import strategies as st

from asynchat_conformance.core.scenario import (
    CloseWhenDone,
    Deliver,
    DiscardBuffers,
    Observe,
    PeerClose,
    Push,
    PushProducer,
    Scenario,
    SetTerminator,
)
from asynchat_conformance.suite import strategies as sts
from asynchat_conformance.suite.registry import case


@case(
    "property.split-independence",
    "The messages a channel delivers do not depend on how the bytes were split across reads.",
    api="async_chat.found_terminator",
    view="messages",
)
@given(scenario=sts.input_scenarios())
@example(scenario=Scenario(steps=(Deliver(b"xa"), Deliver(b"ab")), terminator=b"aab"))
@example(scenario=Scenario(steps=(Deliver(b"\r\n."), Deliver(b"\r\nz")), terminator=b"\r\n.\r\n"))
def test_split_independence(conform, scenario):
    whole = b"".join(step.data for step in scenario.steps)
    conform(scenario, model_scenario=replace(scenario, steps=(Deliver(whole),) if whole else ()))


@case(
    "property.differential",
    "For a given schedule, collect_incoming_data() and found_terminator() calls are CPython's, "
    "call for call.",
    api="async_chat.collect_incoming_data",
)
@given(scenario=sts.input_scenarios(switching=False))
@example(scenario=Scenario(steps=(Deliver(b"ab\r"), Deliver(b"\n")), ac_in_buffer_size=1))
def test_differential(conform, scenario):
    conform(scenario)


@case(
    "property.terminator-switching",
    "Terminator switches inside found_terminator() (bytes, count, None, in any order) apply to "
    "bytes already received.",
    api="async_chat.set_terminator",
)
@given(scenario=sts.input_scenarios(switching=True))
@example(
    scenario=Scenario(
        steps=(Deliver(b"a.bcd.ef"),),
        terminator=b".",
        on_found=((SetTerminator(2),), (SetTerminator(None),)),
    )
)
def test_terminator_switching(conform, scenario):
    conform(scenario)


@case(
    "property.output-order",
    "The peer receives exactly the pushed and produced bytes, in order, and close_when_done() "
    "closes only after them.",
    api="async_chat.push_with_producer",
)
@given(scenario=sts.output_scenarios())
@example(scenario=Scenario(steps=(PushProducer(()), Push(b"x"), CloseWhenDone(), Push(b"y"))))
def test_output_order(conform, scenario):
    conform(scenario)


@case(
    "property.discard-buffers",
    "discard_buffers() at any point drops exactly the pending input and output; what comes "
    "after it is delivered and sent.",
    api="async_chat.discard_buffers",
)
@given(scenario=sts.discard_scenarios())
@example(
    scenario=Scenario(
        steps=(Deliver(b"a\r\nb\r\n"),),
        ac_out_buffer_size=1,
        on_found=((Push(b"xyz"), DiscardBuffers()),),
    )
)
def test_discard_buffers(conform, scenario):
    conform(scenario)


@case(
    "property.partial-sends",
    "With a slow reader and small socket buffers, sends come back partial and no byte is lost, "
    "duplicated or reordered.",
    api="async_chat.push",
)
@given(scenario=sts.output_scenarios(big=True), read_size=st.sampled_from([512, 1000, 4096]))
def test_partial_sends(conform, scenario, read_size):
    conform(replace(scenario, peer_read_size=read_size, socket_buffer=4096))


@case(
    "property.peer-close",
    "When the peer closes, mid-message or with replies pending, the data delivered before and "
    "the handle_close() call match CPython's.",
    api="async_chat",
)
@given(
    inputs=sts.input_scenarios(switching=False),
    replies=st.lists(sts.output_steps, max_size=3),
    at=st.integers(0, 20),
    data=st.data(),
)
def test_peer_close(conform, inputs, replies, at, data):
    steps = list(inputs.steps)
    at = min(at, len(steps))
    steps[at:at] = [PeerClose()]
    on_found = tuple((r,) for r in replies)
    conform(replace(inputs, steps=tuple(steps), on_found=on_found))


@case(
    "property.send-sizes",
    "For any pushes and producers, each send() is offered the bytes CPython offers it, send for "
    "send.",
    api="async_chat.ac_out_buffer_size",
)
@given(scenario=sts.output_scenarios())
@example(
    scenario=Scenario(steps=(PushProducer((b"0123456789",)), Push(b"ab")), ac_out_buffer_size=4)
)
def test_send_sizes(conform, scenario):
    conform(replace(scenario, steps=(Observe("sends"),) + scenario.steps))


@case(
    "property.incoming",
    "For any stream, schedule and terminator switches, collect_incoming_data() is handed bytes, "
    "and _get_data() in found_terminator() returns exactly the message collected since the last.",
    api="async_chat._get_data",
)
@given(scenario=sts.input_scenarios(switching=True))
@example(scenario=Scenario(steps=(Deliver(b"ab"), Deliver(b"c\r\nd\r\n"))))
def test_incoming(conform, scenario):
    conform(
        replace(scenario, steps=(Observe("collected-types"), Observe("incoming")) + scenario.steps)
    )
