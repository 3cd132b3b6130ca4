"""How output meets the socket: how many bytes each send() is offered, how
many send() calls one attempt makes, and when -- observed by the probe, not
only by what the peer finally receives."""

import pytest

from asynchat_conformance.core.scenario import (
    Batch,
    Observe,
    Push,
    PushProducer,
    PushWithProducer,
    Scenario,
    SentSoFar,
)
from asynchat_conformance.suite.registry import case


@case(
    "sending.sizes",
    "Each send() is offered at most ac_out_buffer_size bytes: push() splits at it, and a "
    "producer's longer output is offered in pieces of it, its last piece alone.",
    api="async_chat.ac_out_buffer_size",
)
@pytest.mark.parametrize(
    "steps, size",
    [
        ((Push(b"abcdefghij"), Push(b"k")), 4),
        ((PushProducer((b"0123456789", b"xy")), Push(b"z")), 4),
        ((Push(b"a" * 1000), Push(b"b" * 70000)), None),
    ],
    ids=["push-split", "producer-longer", "default-size"],
)
def test_send_sizes(conform, steps, size):
    conform(Scenario(steps=(Observe("sends"),) + steps, ac_out_buffer_size=size))


@case(
    "sending.at-once",
    "push() and push_with_producer() put data on the wire before they return, before the loop "
    "runs again.",
    api="async_chat.push",
)
@pytest.mark.parametrize(
    "step",
    [Push(b"x" * 1000), PushProducer((b"abc",)), PushWithProducer(b"plain bytes")],
    ids=["push", "producer", "bytes-as-producer"],
)
def test_sends_at_once(conform, step):
    conform(Scenario(steps=(Batch((step, SentSoFar())),)))


@case(
    "sending.one-per-attempt",
    "One send attempt -- a push(), or a writable event -- calls send() once: data queued beyond "
    "ac_out_buffer_size waits for the next writable event.",
    api="async_chat.push",
)
def test_one_send_per_attempt(conform):
    conform(
        Scenario(
            steps=(Batch((Push(b"abcdefghij"), SentSoFar(), Push(b"k"), SentSoFar())),),
            ac_out_buffer_size=4,
        )
    )


@case(
    "sending.exhausted-producer-continues",
    "A producer found exhausted is dropped and the same send attempt goes on to the next entry.",
    api="async_chat.push_with_producer",
)
def test_exhausted_producer_continues(conform):
    conform(
        Scenario(
            steps=(Batch((Push(b"ab"), PushProducer(()), Push(b"cd"), SentSoFar())),),
            ac_out_buffer_size=1,
        )
    )


@case(
    "producer.str-with-encoding",
    "With use_encoding set, str from a producer, and push_with_producer() of a str, are sent "
    "encoded with encoding.",
    api="async_chat.push_with_producer",
)
def test_str_producer_encoded(conform):
    conform(
        Scenario(
            steps=(
                PushProducer(("caf\xe9 ", b"bytes ")),
                PushWithProducer("text "),
                PushWithProducer(b"more"),
            ),
            use_encoding=True,
        )
    )
