"""CPython's own bugs, recorded but never judged: a port that keeps them
behaves as CPython does, and a port that fixes them is told what it does
instead, not failed."""

from asynchat_conformance.core.scenario import (
    Batch,
    CallMethod,
    Observe,
    Push,
    PushFalsyProducer,
    PushProducer,
    PushWide,
    PushWithProducer,
    Scenario,
    SetAttribute,
)
from asynchat_conformance.suite.registry import case


@case(
    "producer.falsy",
    "What happens to a producer that is false in a boolean context: CPython drops it after its "
    "first more(), and when that more() returns b'' it drops the next queue entry instead.",
    api="async_chat.push_with_producer",
    informational=True,
)
def test_falsy_producer(conform):
    conform(
        Scenario(
            steps=(
                Batch(
                    (
                        Push(b"ab"),
                        PushFalsyProducer((b"1", b"2")),
                        PushFalsyProducer(()),
                        Push(b"next"),
                        Push(b"end"),
                    )
                ),
            ),
            ac_out_buffer_size=1,
        )
    )


@case(
    "push.empty-send",
    "What an empty push() costs: CPython offers send() zero bytes for it.",
    api="async_chat.push",
    informational=True,
)
def test_empty_send(conform):
    conform(Scenario(steps=(Observe("sends"), Push(b""), Push(b"data"))))


@case(
    "push.type-error-message",
    "The message of the TypeError push() raises for a str: CPython passes its format and the "
    "type as two arguments, never formatted.",
    api="async_chat.push",
    informational=True,
)
def test_type_error_message(conform):
    conform(Scenario(steps=(CallMethod("push", ("text",), message=True),)))


@case(
    "push.wide-memoryview",
    "How a memoryview whose items are wider than a byte is sent: CPython counts items, not "
    "bytes, against ac_out_buffer_size (and against what send() took, so a partial send skips "
    "data).",
    api="async_chat.push",
    informational=True,
)
def test_wide_memoryview(conform):
    # Only the split is shown: a partial send differs from the model (whose
    # socket takes everything) for CPython itself, and would then count as a
    # difference of every rule the scenario exercises.
    conform(
        Scenario(steps=(Observe("sends"), PushWide(bytes(range(32)), "I")), ac_out_buffer_size=4)
    )


@case(
    "producer.multibyte-encoding",
    "How str output is sent in an encoding of more than one byte per character: CPython "
    "advances through the str by the bytes sent, and skips text.",
    api="async_chat.use_encoding",
    informational=True,
)
def test_multibyte_encoding(conform):
    conform(
        Scenario(
            steps=(
                SetAttribute("encoding", "utf-16-le"),
                PushWithProducer("abcdefghij"),
                PushProducer(("klmnop",)),
            ),
            ac_out_buffer_size=4,
            use_encoding=True,
        )
    )


@case(
    "producer.str-without-encoding",
    "What push_with_producer() of a str does without use_encoding: CPython's send attempt "
    "raises TypeError out of push_with_producer(), and the loop's next write event hands the "
    "same TypeError to handle_error().",
    api="async_chat.push_with_producer",
    informational=True,
)
def test_str_without_encoding(conform):
    conform(Scenario(steps=(Push(b"a"), PushWithProducer("text"), Push(b"b"))))
