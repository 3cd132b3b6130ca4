"""Performance, reported but never judged: a timing can be noisy on a
shared machine, but a cost that grows with the buffer size is worth knowing
before a port meets a fast peer."""

import time

import pytest

from asynchat_conformance.core.deadline import grant
from asynchat_conformance.core.helper_calls import HelperCall
from asynchat_conformance.core.judge import Outcome
from asynchat_conformance.core.verdicts import Verdict
from asynchat_conformance.core.wire import MemoryWire
from asynchat_conformance.suite.plugin import judge
from asynchat_conformance.suite.registry import case

LINE = b"1234567\n"
#: Bytes framed per measurement: enough to fill the largest buffer twice.
VOLUME = 1 << 19
SIZES = (4096, 262144)


def cost_per_byte(target, in_buffer_size):
    """Seconds per byte to frame VOLUME bytes of 8-byte lines, reading
    ``in_buffer_size`` bytes per handle_read() from an in-memory socket."""

    class Sink(target.async_chat):  # type: ignore[name-defined]  # the target's class, at run time
        ac_in_buffer_size = in_buffer_size

        def collect_incoming_data(self, data):
            pass

        def found_terminator(self):
            pass

    wire = MemoryWire()
    try:
        channel = target.make_channel(Sink, wire.channel_socket, {})
    except Exception as exc:  # e.g. a loop that must register a real descriptor
        pytest.skip(
            "unimplemented: the target cannot run a channel on the in-memory socket this "
            "case times it on (%s: %s)" % (type(exc).__name__, exc)
        )
    channel.set_terminator(b"\n")
    wire.channel_socket.inbound += LINE * (VOLUME // len(LINE))
    started = time.perf_counter()
    while wire.channel_socket.inbound:
        channel.handle_read()
    elapsed = time.perf_counter() - started
    channel.close()
    return elapsed / VOLUME


@case(
    "performance.in-buffer-scaling",
    "How the cost per byte of framing 8-byte lines grows from a 4 KiB to a 256 KiB "
    "ac_in_buffer_size (CPython 3.11 grows several-fold: it re-copies the buffer per line).",
    api="async_chat.ac_in_buffer_size",
    informational=True,
)
def test_in_buffer_scaling(conformance_target, request):
    if conformance_target.async_chat is None:
        pytest.skip(
            "unimplemented: the target runs out of process (--target-python), and this "
            "case times its async_chat class in the harness's own process"
        )

    # The full --case-deadline each, never the run's shortened one, and
    # added to the case's time: each measurement frames half a megabyte, by
    # design.
    seconds = request.config.getoption("--case-deadline")

    def measured(size):
        step = HelperCall("framing %d bytes of lines with ac_in_buffer_size %d" % (VOLUME, size))
        grant(seconds)
        with conformance_target.time_limit(seconds, step):
            return cost_per_byte(conformance_target, size)

    small, large = (min(measured(size) for _ in range(3)) for size in SIZES)
    growth = large / small if small else float("inf")
    shape = "super-linear: cost per byte grows with the buffer" if growth > 2 else "under 2x: flat"
    judge(
        request.node,
        Outcome(
            Verdict.INFORMATIONAL,
            (
                "cost per byte %.1f ns at ac_in_buffer_size %d, %.1f ns at %d: growth %.1fx (%s)"
                % (small * 1e9, SIZES[0], large * 1e9, SIZES[1], growth, shape)
            ),
        ),
    )
