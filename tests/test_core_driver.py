"""Unit tests of ``core.driver``: a scenario played on a target in this
process, over a real socket pair, and the trace it records -- for the
reference and for tiny misbehaving classes written here -- and the deadline
that ends a target which hangs.  Then ``check()`` from end to end: driver,
model and comparison give the verdict the misbehaviour deserves.
"""

import signal
import time

import pytest

import asynchat_reference
from asynchat_conformance.core import deadline as deadlines
from asynchat_conformance.core import traces as tr
from asynchat_conformance.core.caseinfo import CaseInfo
from asynchat_conformance.core.comparison import check
from asynchat_conformance.core.driver import (
    LocalTarget,
    Session,
    drive,
    from_module,
    load_local,
    run_on_target,
)
from asynchat_conformance.core.loader import AsyncoreLoop, Loaded
from asynchat_conformance.core.model import expected_trace
from asynchat_conformance.core.scenario import (
    CloseWhenDone,
    Deliver,
    PeerClose,
    Push,
    Scenario,
    SetTerminator,
)
from asynchat_conformance.core.target import Target, TargetUnavailable
from asynchat_conformance.core.traces import Call
from asynchat_conformance.core.wire import MemoryWire
from misbehaving_targets._base import spin_swallowing_everything
from misbehaving_targets.collects_bytewise import async_chat as FramesBytewise

pytestmark = pytest.mark.unit

CASE = CaseInfo("unit.driver", "The channel frames and sends as the reference.", api="async_chat")
MESSAGES_CASE = CaseInfo(
    "unit.driver-messages", "Messages as the reference's.", api="async_chat", view="messages"
)

#: Two messages, one of them split across deliveries, a reply and a close.
SCENARIO = Scenario(steps=(Deliver(b"ab\r\ncd"), Deliver(b"e\r\n"), Push(b"hi"), CloseWhenDone()))
SCENARIO_CALLS = [
    Call(tr.COLLECT, b"ab"),
    Call(tr.FOUND, b"\r\n"),
    Call(tr.COLLECT, b"cd"),
    Call(tr.COLLECT, b"e"),
    Call(tr.FOUND, b"\r\n"),
    Call(tr.CLOSE),
]
#: Generous: the machine these tests run on is shared and loaded.
SLACK = 3.0


@pytest.fixture(autouse=True)
def fresh_deadline_state():
    """A timeout marks the whole case over (later deadlines of the same test
    raise ``CaseTimedOut`` at once); each test here is a case of its own."""
    deadlines.start_case()
    alarm = signal.getsignal(signal.SIGALRM)
    yield
    deadlines.start_case()
    assert signal.getsignal(signal.SIGALRM) is alarm, "the deadline left its handler behind"


def hand_written(chat):
    """A target from a class defined here (helpers from the reference)."""
    loaded = Loaded(
        chat, asynchat_reference, AsyncoreLoop(chat), "", "%s, hand-written" % chat.__name__
    )
    return LocalTarget(chat.__name__, loaded)


class ShoutsPush(asynchat_reference.async_chat):
    """Sends what is pushed in upper case."""

    def push(self, data):
        super().push(bytes(data).upper())


class NeverFrames(asynchat_reference.async_chat):
    """Hands every read to collect_incoming_data(), terminator or not."""

    def handle_read(self):
        data = self.recv(self.ac_in_buffer_size)
        if data:
            self.collect_incoming_data(data)


class HangsOnRead(asynchat_reference.async_chat):
    def handle_read(self):
        while True:
            pass


class HangsSwallowingTheDeadline(asynchat_reference.async_chat):
    def handle_read(self):
        spin_swallowing_everything()


class RaisesInInit(asynchat_reference.async_chat):
    def __init__(self, *args, **kwargs):
        raise RuntimeError("boom in __init__")


class Refused(Exception):
    """An exception class of the target's own."""


class RaisesItsOwnInInit(asynchat_reference.async_chat):
    def __init__(self, *args, **kwargs):
        raise Refused("no")


# -- the reference ------------------------------------------------------------------


def test_the_reference_records_every_callback_and_what_the_peer_saw():
    trace = run_on_target(from_module("asynchat_reference"), SCENARIO, SLACK)
    assert trace.calls == SCENARIO_CALLS
    assert trace.peer_received == b"hi"
    assert trace.peer_saw_close is True
    assert trace.incomplete is None
    assert trace.rules == []  # only the model records rules


def test_the_reference_over_sockets_matches_the_model():
    scenario = Scenario(
        steps=(Deliver(b"a\nbb\n"), Push(b"x" * 3000), Deliver(b"c"), PeerClose()),
        terminator=b"\n",
        on_found=((SetTerminator(2),), (Push(b"ok"),)),
        ac_out_buffer_size=7,
    )
    observed = run_on_target(from_module("asynchat_reference"), scenario, SLACK)
    expected = expected_trace(scenario)
    assert observed.view("calls") == expected.view("calls")
    assert observed.peer_received == b"ok" + b"x" * 3000
    assert check(from_module("asynchat_reference"), CASE, scenario, SLACK).verdict == "pass"


def test_an_in_memory_wire_gives_the_same_trace_as_a_socket_pair():
    target = from_module("asynchat_reference")
    in_memory = drive(target, SCENARIO, MemoryWire(), None)
    assert in_memory.view("calls") == run_on_target(target, SCENARIO, SLACK).view("calls")


def test_load_local_names_the_target_and_finds_its_helpers():
    target = load_local(Target(name="mine", module="asynchat_reference"))
    assert target.name == "mine"
    assert target.async_chat is asynchat_reference.async_chat
    assert target.simple_producer is asynchat_reference.simple_producer
    assert target.find_prefix_at_end is asynchat_reference.find_prefix_at_end
    assert target.deviations == {}
    assert "asynchat_reference" in target.description


def test_load_local_of_a_missing_module_is_unavailable():
    with pytest.raises(TargetUnavailable, match="no_such_module_xyz"):
        load_local(Target(name="no_such_module_xyz", module="no_such_module_xyz"))


def test_a_session_is_stepped_one_step_at_a_time():
    session = Session(from_module("asynchat_reference"), SCENARIO)
    try:
        assert session.start(SLACK)  # the channel is made
        assert session.trace.calls == []
        assert session.step(Deliver(b"ab\r\n"), SLACK)
        assert session.trace.calls == SCENARIO_CALLS[:2]
        assert session.step(Push(b"hi"), SLACK)
        assert session.trace.peer_received == b"hi"
        assert session.step(CloseWhenDone(), SLACK)
        assert session.finish(SLACK)
        assert session.trace.peer_saw_close
        assert session.trace.incomplete is None
    finally:
        session.close()


def test_a_session_that_could_not_start_takes_no_step():
    session = Session(hand_written(RaisesInInit), SCENARIO)
    try:
        assert not session.start(SLACK)
        assert not session.step(Push(b"hi"), SLACK)
        assert not session.finish(SLACK)
        assert session.trace.incomplete is not None
        assert session.trace.incomplete.where == "creating the channel"
    finally:
        session.close()


# -- misbehaving classes ---------------------------------------------------------------


def test_what_a_target_sends_is_recorded_as_the_peer_got_it():
    target = hand_written(ShoutsPush)
    trace = run_on_target(target, SCENARIO, SLACK)
    assert trace.calls == SCENARIO_CALLS
    assert trace.peer_received == b"HI"
    outcome = check(target, CASE, SCENARIO, SLACK)
    assert outcome.verdict == "fail"
    assert "peer received b'HI'" in outcome.details["observed"]


def test_a_target_that_never_frames_is_recorded_as_it_calls():
    target = hand_written(NeverFrames)
    trace = run_on_target(target, Scenario(steps=(Deliver(b"ab\r\ncd\r\n"),)), SLACK)
    assert trace.calls == [Call(tr.COLLECT, b"ab\r\ncd\r\n")]
    assert (
        check(target, MESSAGES_CASE, Scenario(steps=(Deliver(b"ab\r\n"),)), SLACK).verdict == "fail"
    )


def test_other_granularity_is_non_strict_end_to_end():
    target = hand_written(FramesBytewise)
    scenario = Scenario(steps=(Deliver(b"ab\r\ncd\r\n"),))
    trace = run_on_target(target, scenario, SLACK)
    assert trace.calls[:3] == [
        Call(tr.COLLECT, b"a"),
        Call(tr.COLLECT, b"b"),
        Call(tr.FOUND, b"\r\n"),
    ]
    assert check(target, MESSAGES_CASE, scenario, SLACK).verdict == "non-strict"
    assert check(target, CASE, scenario, SLACK).verdict == "fail"


def test_a_constructor_that_raises_is_a_crash_while_creating_the_channel():
    target = hand_written(RaisesInInit)
    trace = run_on_target(target, SCENARIO, SLACK)
    assert (
        str(trace.incomplete) == "crash: RuntimeError: boom in __init__ while creating the channel"
    )
    assert trace.incomplete is not None
    assert trace.incomplete.kind == "crash"
    assert trace.calls == []
    assert check(target, CASE, SCENARIO, SLACK).verdict == "crash"


def test_a_crash_names_the_target_s_own_exception_with_its_module():
    trace = run_on_target(hand_written(RaisesItsOwnInInit), SCENARIO, SLACK)
    assert trace.incomplete is not None
    assert trace.incomplete.what == "%s.Refused: no" % (__name__,)


# -- the deadline ------------------------------------------------------------------------

HANGING = Scenario(steps=(Push(b"before"), Deliver(b"ab\r\n"), Push(b"after")))


@pytest.mark.parametrize(
    "chat", [HangsOnRead, HangsSwallowingTheDeadline], ids=["loops", "swallows-every-exception"]
)
def test_a_target_that_hangs_times_out_within_its_deadline(chat):
    started = time.monotonic()
    trace = run_on_target(hand_written(chat), HANGING, 0.5)
    elapsed = time.monotonic() - started
    assert str(trace.incomplete) == "timeout: no verdict within 0.5s while peer sends b'ab\\r\\n'"
    assert trace.incomplete is not None
    assert trace.incomplete.kind == "timeout"
    assert 0.5 <= elapsed < 0.5 + SLACK, elapsed
    # what came before the hang is kept; nothing after it ran
    assert trace.peer_received == b"before"
    assert deadlines.expired is not None and deadlines.expired.seconds == 0.5


def test_a_hang_is_judged_a_timeout():
    assert check(hand_written(HangsOnRead), CASE, HANGING, 0.3).verdict == "timeout"


def test_after_a_timeout_the_case_is_over():
    """A case that timed out once spends no second deadline: the next
    deadline of the same case ends the test at once."""
    run_on_target(hand_written(HangsOnRead), HANGING, 0.3)
    started = time.monotonic()
    with pytest.raises(deadlines.CaseTimedOut):
        run_on_target(from_module("asynchat_reference"), SCENARIO, 5.0)
    assert time.monotonic() - started < SLACK  # not the 5 s deadline
    deadlines.start_case()  # a new case
    assert run_on_target(from_module("asynchat_reference"), SCENARIO, 5.0).incomplete is None


def test_a_deadline_that_did_not_expire_never_fires_later():
    target = from_module("asynchat_reference")
    assert run_on_target(target, SCENARIO, 1.0).incomplete is None
    time.sleep(1.2)  # a timer left armed would raise CaseDeadline here
    assert deadlines.expired is None


def test_without_a_deadline_a_healthy_target_runs_to_the_end():
    assert run_on_target(from_module("asynchat_reference"), SCENARIO, None).calls == SCENARIO_CALLS
