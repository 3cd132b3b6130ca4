"""Every call into target code ends within the case deadline, in process
and out of process, and a whole run of a target that hangs everywhere is
bounded: misbehaving targets of each shape (a helper that loops, a
producer that loops, a lock that deadlocks on a re-entrant push, a
negative terminator accepted and then looped on, everything hanging).

Each test judges only the cases it needs (``--case``); the two whole runs
(in process, out of process) are the slow tests of this file.
"""

import glob
import json
import shutil
import subprocess
import sys

import pytest

from asynchat_conformance.core import budget
from asynchat_conformance.suite.replay_failures import parse_scenario

DEFAULT_DEADLINE = 5.0


def _python27():
    """A python2.7 that runs, or None."""
    found = [shutil.which("python2.7")] + sorted(
        glob.glob("/root/.pyenv/versions/2.7.*/bin/python2.7")
    )
    for path in filter(None, found):
        try:
            if (
                subprocess.run(
                    [path, "-c", "pass"],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    timeout=30,
                ).returncode
                == 0
            ):
                return path
        except (OSError, subprocess.TimeoutExpired):
            pass
    return None


PYTHON27 = _python27()
#: Where a target runs: in the harness's worker, or in an agent of this
#: Python, or of 2.7 (the misbehaving targets of this file run there too).
WHERE = [
    pytest.param((), id="in-process"),
    pytest.param(("--target-python", sys.executable), id="agent"),
    pytest.param(
        ("--target-python", PYTHON27 or "python2.7"),
        id="agent-py27",
        marks=pytest.mark.skipif(PYTHON27 is None, reason="no python2.7 that runs"),
    ),
]


def judged(suite, tmp_path, target, cases, *args):
    """Run ``cases`` of ``misbehaving_targets.TARGET``; (run, {case id: case entry})."""
    results = tmp_path / "results.json"
    selected = [arg for case_id in cases for arg in ("--case", case_id)]
    run = suite(
        "--target",
        "misbehaving_targets." + target,
        "--results-json",
        str(results),
        *selected,
        *args,
    )
    return run, {case["id"]: case for case in json.loads(results.read_text())["cases"]}


def assert_timed_out_in(run, case, source):
    """A ``timeout`` whose reason shows the target's own code where it was stopped."""
    assert case["verdict"] == "timeout", run.explain()
    reason = case["reason"]
    assert "where the target was when it was stopped" in reason, reason
    assert source in reason.split("where the target was")[1], reason
    assert "AgentDied" not in reason and "raised" not in reason.split("\n")[0], reason


# -- the decision -----------------------------------------------------------------------


@pytest.mark.unit
def test_the_deadline_is_shortened_only_after_several_timeouts():
    full = [budget.deadline_for(5.0, n) for n in range(budget.FULL_DEADLINE_TIMEOUTS)]
    assert full == [5.0] * budget.FULL_DEADLINE_TIMEOUTS  # a correct target never times out
    assert budget.deadline_for(5.0, budget.FULL_DEADLINE_TIMEOUTS) == budget.SHORT_DEADLINE < 5.0
    assert budget.deadline_for(5.0, 1000) == budget.SHORT_DEADLINE
    # Never longer than asked for.
    assert budget.deadline_for(0.1, 1000) == 0.1
    # A scenario the model itself takes long over keeps a deadline in proportion.
    heavy = budget.deadline_for(5.0, 1000, model_seconds=0.1)
    assert heavy == budget.MODEL_FACTOR * 0.1 > budget.SHORT_DEADLINE
    assert budget.deadline_for(5.0, 1000, model_seconds=10.0) == 5.0
    assert budget.shortened(5.0, budget.SHORT_DEADLINE) and not budget.shortened(5.0, 5.0)


@pytest.mark.unit
def test_a_case_gets_its_deadline_until_the_run_has_too_little_left():
    assert budget.case_time(5.0) == budget.CaseTime(5.0)  # no run deadline
    # Far from the run's deadline (a correct target's whole run): the case's own.
    assert budget.case_time(5.0, 0.0, 90.0, 20.0) == budget.CaseTime(5.0, ceiling=70.0)
    # Near it: no further than the run's time left (what the case spent kept).
    near = budget.case_time(5.0, 1.0, 90.0, 88.0)
    assert near.runs and near.ceiling == 3.0
    # Past it, or too near: not run.
    for elapsed in (90.0 - budget.LEAST_CASE_SECONDS / 2, 90.0, 300.0):
        assert not budget.case_time(5.0, 0.0, 90.0, elapsed).runs, elapsed
    assert budget.case_time(5.0, 0.0, 90.0, 90.0 - budget.LEAST_CASE_SECONDS).runs


@pytest.mark.unit
def test_the_runs_time_grows_with_the_models():
    """The model's time measures the machine's load: a correct run slows
    down with it, and must not meet the run's deadline for that."""
    assert budget.run_allowance(None, 100.0) is None  # no bound stays none
    assert budget.run_allowance(75.0, 0.0) == 75.0
    assert budget.run_allowance(75.0, 2.0) == 75.0 + 2 * budget.RUN_MODEL_FACTOR
    # A correct run under a tenfold load: ~150 s, of which ~10 s the model's.
    loaded = budget.run_allowance(budget.RUN_DEADLINE, 10.0)
    assert loaded is not None and loaded > 150.0


@pytest.mark.unit
def test_a_profile_drawing_more_examples_gets_more_time_and_heavy_scenarios_too():
    assert budget.examples_scale(budget.PROFILE_EXAMPLES) == 1.0
    assert budget.examples_scale(10) == 1.0  # never less
    assert budget.examples_scale(25 * budget.PROFILE_EXAMPLES) == 25.0
    assert budget.model_allowance(0.5) == budget.MODEL_FACTOR * 0.5
    assert budget.model_allowance(0.0) == 0.0


@pytest.mark.unit
def test_a_cases_calls_share_its_clock(monkeypatch):
    """Each call is well within its own deadline; together they are not."""
    import time

    from asynchat_conformance.core import deadline as deadlines

    deadlines.start_case(deadlines.CaseClock(0.6))
    try:
        with deadlines.deadline(5.0):
            time.sleep(0.4)
        with pytest.raises(deadlines.CaseDeadline):
            with deadlines.deadline(5.0):
                time.sleep(5.0)
        expired = deadlines.expired
        assert expired is not None and expired.whole_case and expired.seconds == 0.6
        assert expired.spent_before >= 0.4
        assert deadlines.expiry_reason(expired) == "no verdict within 0.6s"
        with pytest.raises(deadlines.CaseTimedOut):  # the case is over
            with deadlines.deadline(5.0):
                pass
        # Granted time (a heavy scenario) extends it; the run's ceiling does not move.
        clock = deadlines.CaseClock(0.1, ceiling=0.3)
        deadlines.start_case(clock)
        deadlines.grant(1.0)
        assert clock.left() == pytest.approx(0.3) and clock.cut_by_run
        with deadlines.deadline(5.0):
            time.sleep(0.15)
        assert deadlines.expired is None and clock.spent >= 0.15
    finally:
        deadlines.start_case()


def test_a_run_deadline_that_is_not_a_number_of_seconds_is_a_usage_error(suite):
    from conftest import assert_usage_error

    assert_usage_error(suite("--run-deadline", "-1"), "--run-deadline", "-1")


# -- each call into target code, each shape of hang -----------------------------------------


@pytest.mark.parametrize("where", WHERE)
def test_a_helper_that_loops_is_a_timeout_with_its_stack(suite, tmp_path, where):
    run, cases = judged(
        suite, tmp_path, "helper_loops", ["find-prefix-at-end", "push.bytes-like"], *where
    )
    assert run.returncode == 1, run.explain()
    assert_timed_out_in(run, cases["find-prefix-at-end"], "helper_loops.py")
    assert "while calling find_prefix_at_end(" in cases["find-prefix-at-end"]["reason"]
    assert cases["push.bytes-like"]["verdict"] in ("pass", "fail"), run.explain()  # judged


def test_a_helper_value_that_loops_when_compared_or_printed_is_a_timeout(suite, tmp_path):
    """The value is the target's code too: comparing it with the reference's
    and printing it in the report run under the case deadline."""
    run, cases = judged(
        suite,
        tmp_path,
        "helper_value_hangs",
        ["find-prefix-at-end", "push.bytes-like"],
        "--case-deadline",
        "1",
    )
    assert run.returncode == 1, run.explain()
    assert_timed_out_in(run, cases["find-prefix-at-end"], "helper_value_hangs.py")
    assert "while comparing what find_prefix_at_end(" in cases["find-prefix-at-end"]["reason"]
    assert cases["push.bytes-like"]["verdict"] in ("pass", "fail"), run.explain()  # judged


@pytest.mark.parametrize("where", WHERE[:2])
def test_a_producer_whose_more_loops_is_a_timeout_where_it_is_called(suite, tmp_path, where):
    run, cases = judged(
        suite,
        tmp_path,
        "producer_loops",
        ["simple-producer.more", "producer.simple-producer"],
        *where,
    )
    # Called directly by the helper case, and by the channel inside a scenario.
    assert_timed_out_in(run, cases["simple-producer.more"], "producer_loops.py")
    assert_timed_out_in(run, cases["producer.simple-producer"], "producer_loops.py")


def test_a_push_from_inside_more_that_deadlocks_is_a_timeout(suite, tmp_path):
    run, cases = judged(
        suite,
        tmp_path,
        "deadlocks_on_reentrant_push",
        ["producer.push-inside-more", "producer.push-with-producer"],
    )
    # Stopped while waiting for its own lock; pushes from outside more() pass.
    assert_timed_out_in(run, cases["producer.push-inside-more"], "deadlocks_on_reentrant_push.py")
    assert cases["producer.push-with-producer"]["verdict"] == "pass", run.explain()


@pytest.mark.skipif(PYTHON27 is None, reason="no python2.7 that runs")
def test_a_deadlock_the_agent_cannot_interrupt_is_a_timeout_that_says_so(suite, tmp_path):
    """Python 2.7 cannot interrupt a thread waiting for a lock: the agent does
    not answer, is killed past its grace, and the next case gets a new one."""
    run, cases = judged(
        suite,
        tmp_path,
        "deadlocks_on_reentrant_push",
        ["producer.push-inside-more", "producer.push-with-producer"],
        "--target-python",
        PYTHON27,
    )
    case = cases["producer.push-inside-more"]
    assert case["verdict"] == "timeout", run.explain()
    assert "was killed" in case["reason"], case["reason"]
    assert cases["producer.push-with-producer"]["verdict"] == "pass", run.explain()


@pytest.mark.parametrize("where", WHERE)
def test_a_negative_terminator_accepted_then_looped_on_is_a_timeout(suite, tmp_path, where):
    run, cases = judged(
        suite, tmp_path, "negative_terminator_loops", ["terminator.negative"], *where
    )
    assert_timed_out_in(run, cases["terminator.negative"], "negative_terminator_loops.py")


def test_a_blocking_socket_call_in_the_agent_is_a_timeout_with_its_stack(suite, tmp_path):
    run, cases = judged(
        suite,
        tmp_path,
        "blocks_in_recv",
        ["terminator.bytes.many-per-read"],
        "--target-python",
        sys.executable,
    )
    assert_timed_out_in(run, cases["terminator.bytes.many-per-read"], "blocks_in_recv.py")


def test_the_agent_is_bound_by_the_case_deadline(suite, tmp_path):
    run, cases = judged(
        suite,
        tmp_path,
        "helper_loops",
        ["find-prefix-at-end"],
        "--target-python",
        sys.executable,
        "--case-deadline",
        "0.5",
    )
    case = cases["find-prefix-at-end"]
    assert_timed_out_in(run, case, "helper_loops.py")
    assert "no verdict within 0.5s" in case["reason"], case["reason"]


def test_an_agent_that_dies_in_a_helper_is_a_crash_not_a_failure(suite, tmp_path):
    run, cases = judged(
        suite,
        tmp_path,
        "helper_ends_process",
        ["find-prefix-at-end", "push.bytes-like"],
        "--target-python",
        sys.executable,
    )
    case = cases["find-prefix-at-end"]
    assert case["verdict"] == "crash", run.explain()
    assert "exited with status 3" in case["reason"], case["reason"]
    assert "AgentDied" not in case["reason"], case["reason"]
    # The next case gets a new agent.
    assert cases["push.bytes-like"]["verdict"] == "pass", run.explain()


# -- slow, not hanging: the case's and the run's clocks ----------------------------------------


@pytest.mark.parametrize("where", [WHERE[0], WHERE[2]])
def test_a_producer_slow_in_every_call_costs_its_case_one_deadline(suite, tmp_path, where):
    """Each more() takes most of the deadline, never all of it; the helper
    case calls it 603 times (four minutes), its deadline bounds them all."""
    run, cases = judged(
        suite,
        tmp_path,
        "slow_producer",
        ["simple-producer.more", "push.bytes-like"],
        "--case-deadline",
        "0.5",
        *where,
    )
    case = cases["simple-producer.more"]
    assert_timed_out_in(run, case, "slow_producer.py")
    assert "no verdict within 0.5s while calling p = simple_producer(" in case["reason"]
    assert case["examples"].get("timeout") == 1, case["examples"]
    assert case["duration"] < 20, case["duration"]  # not 603 x 0.4 s
    assert cases["push.bytes-like"]["verdict"] in ("pass", "fail"), run.explain()  # judged


@pytest.mark.parametrize("where", [WHERE[0], WHERE[2]])
def test_a_target_slow_in_every_push_costs_each_case_one_deadline(suite, tmp_path, where):
    """Each push takes 0.3 s: a state case's examples pass one by one until
    their pushes together have taken the case's deadline."""
    cases_run = ["state.close-when-done", "state.push-bytes-first", "find-prefix-at-end"]
    run, cases = judged(suite, tmp_path, "slow_pushes", cases_run, "--case-deadline", "1", *where)
    for case_id in cases_run[:2]:
        case = cases[case_id]
        assert_timed_out_in(run, case, "slow_pushes.py")
        assert case["examples"].get("pass", 0) >= 1, case["examples"]  # earlier examples judged
        assert case["examples"].get("timeout") == 1, case["examples"]
        assert "bounds all its calls into the target together" in case["reason"], case["reason"]
        assert case["duration"] < 20, case["duration"]
    assert cases["find-prefix-at-end"]["verdict"] == "pass", run.explain()


@pytest.mark.parametrize("where", [WHERE[0], WHERE[2]])
def test_a_run_of_a_target_slow_everywhere_ends_at_its_run_deadline(suite, tmp_path, where):
    """No call hangs and no case takes more than its deadline, yet every
    case together would take minutes: the cases the run has no time left
    for are timeouts that say why and how to judge them."""
    run_deadline = 8
    results = tmp_path / "results.json"
    run = suite(
        "--target",
        "misbehaving_targets.slow_pushes",
        "--case-deadline",
        "1",
        "--run-deadline",
        str(run_deadline),
        "--results-json",
        str(results),
        *where,
    )
    assert run.returncode == 1, run.explain()
    cases = json.loads(results.read_text())["cases"]
    not_run = [case for case in cases if "not run:" in case["reason"]]
    assert len(not_run) > len(cases) // 2, run.explain()
    for case in not_run:
        assert case["verdict"] == "timeout", case
        assert "--run-deadline %ds and " % run_deadline in case["reason"], case["reason"]
        assert "--case %s" % case["id"] in case["reason"], case["reason"]
    # What ran did so within the run's time (its deadline, and 15 times the
    # model's time, a fraction of a second here), give or take the last case.
    assert sum(case["duration"] for case in cases) < 3 * run_deadline, run.explain()


# -- replaying an earlier run's failures --------------------------------------------------


@pytest.mark.unit
def test_a_recorded_scenario_is_read_back_with_nothing_but_the_step_classes():
    from asynchat_conformance.core.scenario import Deliver, Push, Scenario

    text = repr(Scenario(steps=(Deliver(b"a" * 3 + b"\r\n"), Push(bytearray(b"x")))))
    assert parse_scenario(text) == Scenario(steps=(Deliver(b"aaa\r\n"), Push(bytearray(b"x"))))
    assert parse_scenario("__import__('os')") is None
    assert parse_scenario("Deliver(b'x')") is None  # a step, not a scenario


def test_replaying_failures_judges_the_recorded_failing_example_first(suite, tmp_path):
    first = tmp_path / "first.json"
    case_id = "property.differential"
    run = suite(
        "--target", "broken_targets.no_holdback", "--case", case_id, "--results-json", str(first)
    )
    assert run.returncode == 1, run.explain()
    # As if an earlier draw had failed on this scenario (the case's own
    # explicit examples fail first otherwise, replayed or not).
    scenario = "Scenario(steps=(Deliver(data=b'xyz\\r'), Deliver(data=b'\\n')))"
    document = json.loads(first.read_text())
    document["cases"][0]["failing_examples"][0]["reproduction"]["scenario"] = scenario
    first.write_text(json.dumps(document))
    again = tmp_path / "again.json"
    run = suite(
        "--target",
        "broken_targets.no_holdback",
        "--case",
        "push.empty",
        "--case",
        case_id,
        "--results-json",
        str(again),
        "--replay-failures",
        str(first),
        "--hypothesis-profile",
        "dev",
        "--hypothesis-seed",
        "12345",
    )
    assert run.returncode == 1, run.explain()
    cases = json.loads(again.read_text())["cases"]
    assert cases[0]["id"] == case_id  # failing cases first
    replayed = cases[0]["failing_examples"][0]
    assert replayed["reproduction"]["scenario"] == scenario, (scenario, replayed)


def test_replaying_from_a_file_that_is_no_results_file_is_a_usage_error(suite, tmp_path):
    from conftest import assert_usage_error

    bogus = tmp_path / "bogus.json"
    bogus.write_text("[1, 2]")
    run = suite("--case", "push.empty", "--replay-failures", str(bogus))
    assert_usage_error(run, "--replay-failures", "not a readable results file")


# -- the whole run --------------------------------------------------------------------------


@pytest.mark.whole_run
@pytest.mark.parametrize(
    "where", [WHERE[0], pytest.param(("--target-python", PYTHON27 or sys.executable), id="agent")]
)
def test_a_target_that_hangs_everywhere_gets_a_bounded_run(suite, tmp_path, where):
    """Every case times out; after the first few, at the shortened deadline
    (the run's bound: conftest.SUITE_TIMEOUT ends a run that would not end)."""
    results = tmp_path / "results.json"
    run = suite(
        "--target", "misbehaving_targets.hangs_everywhere", "--results-json", str(results), *where
    )
    assert run.returncode == 1, run.explain()
    cases = json.loads(results.read_text())["cases"]
    # Its constructor is the one call that does not hang: those cases are judged.
    built = {"constructor.defaults", "constructor.documented-signature"}
    assert {case["verdict"] for case in cases if case["id"] in built} == {"pass"}, run.explain()
    verdicts = {case["verdict"] for case in cases if case["id"] not in built}
    assert verdicts <= {"timeout", "informational", "unimplemented"}, verdicts
    timed_out = [case for case in cases if case["verdict"] == "timeout"]
    assert len(timed_out) > 60, run.explain()
    shortened = [case for case in timed_out if "the run shortened this deadline" in case["reason"]]
    # On a loaded machine the run's own deadline may come first for the last few.
    not_run = [case for case in timed_out if "not run: the run had used up" in case["reason"]]
    # One worker: all but the first FULL_DEADLINE_TIMEOUTS hangs (informational cases count too).
    assert len(shortened) + len(not_run) >= len(timed_out) - budget.FULL_DEADLINE_TIMEOUTS, (
        run.explain()
    )
    for case in shortened:
        assert "--case-deadline 5s to " in case["reason"], case["reason"]


# -- the test runner's own work inside a step ---------------------------------------------


@pytest.mark.unit
def test_time_the_test_runner_spends_inside_a_step_is_not_the_targets(tmp_path, monkeypatch):
    """pytest may run inside a step (reporting an object a collection freed,
    importing what it needs for that): a deadline firing there starts the
    step's time over rather than raising into pytest."""
    import importlib.util
    import time

    from asynchat_conformance.core import deadline as deadlines

    runner = tmp_path / "fake_runner"
    runner.mkdir()
    (runner / "busy.py").write_text(
        "import time\n"
        "def work(seconds):\n"
        "    stop = time.monotonic() + seconds\n"
        "    while time.monotonic() < stop:\n"
        "        pass\n"
    )
    spec = importlib.util.spec_from_file_location("fake_runner_busy", str(runner / "busy.py"))
    assert spec is not None and spec.loader is not None
    busy = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(busy)
    monkeypatch.setattr(deadlines, "_RUNNERS", deadlines._RUNNERS + (str(runner) + "/",))
    from asynchat_conformance.core.helper_calls import observe

    class InProcess:  # a target's time limit, as in process
        time_limit = staticmethod(deadlines.deadline)

    def target_spins(seconds):
        stop = time.monotonic() + seconds
        while time.monotonic() < stop:
            pass

    deadlines.start_case()
    try:
        # Called from the harness, as target code is: the runner's work runs
        # over the deadline and is not stopped; the target's is.
        assert (
            observe(
                InProcess(),  # type: ignore[arg-type]  # observe() needs only time_limit
                0.2,
                "the runner's work",
                busy.work,
                0.5,
            )
            is None
        )
        assert deadlines.expired is None
        with pytest.raises(deadlines.CaseDeadline):
            observe(
                InProcess(),  # type: ignore[arg-type]  # observe() needs only time_limit
                0.2,
                "the target's work",
                target_spins,
                30,
            )
        assert deadlines.expired is not None
    finally:
        deadlines.start_case()
