"""The pytest plugin: target selection, deviations, the ``conform`` fixture
and the per-case verdict summary.

Registered through the ``pytest11`` entry point, so it is loaded in every
pytest run of an environment that has this package; it stays inert unless
conformance cases are collected (``pytest --pyargs asynchat_conformance``).
"""

import json
import os
import platform
import sys
from typing import Any, Callable, Dict, List, Optional, Tuple, cast

import pytest
from hypothesis import currently_in_test_context, reject

from asynchat_reference.rules import RULES

from ..core import budget, flight
from ..core import deadline as deadlines
from ..core.caseinfo import CaseInfo
from ..core.channel import Unsupported
from ..core.comparison import HarnessError, check
from ..core.driver import LoadedTarget, load_local
from ..core.elide import elide, elide_outcome
from ..core.expectations import (
    ExpectationsError,
    Records,
    load_deviations,
    merged,
    resolve_records,
)
from ..core.judge import (
    Evidence,
    Outcome,
    Raised,
    case_verdict,
    judge_example,
    verdict_from_ending,
)
from ..core.scenario import Scenario
from ..core.target import TargetUnavailable, resolve
from ..core.verdicts import Verdict
from . import profiles  # profiles: registered on import
from .registry import all_cases
from .results import Results, item_properties, recorded_verdict

ENV_TARGET = "ASYNCHAT_TARGET"
ENV_TARGET_PYTHON = "ASYNCHAT_TARGET_PYTHON"
DEFAULT_TARGET = "reference"
_TARGET_KEY = "asynchat_conformance_target"

# Hooks kept in modules of their own: case selection, running the cases in
# a worker process, replaying an earlier run's failures, and the run's bound
# on a hanging target.  (The profiles
# are registered on import, above, so that Hypothesis' own plugin finds them
# when it applies --hypothesis-profile.)
pytest_plugins = [
    __package__ + ".selection",
    __package__ + ".isolation",
    __package__ + ".replay_failures",
    __package__ + ".run_budget",
]


def pytest_addoption(parser: Any) -> None:
    group = parser.getgroup("asynchat-conformance", "asynchat conformance suite")
    group.addoption(
        "--target",
        metavar="SPEC",
        default=None,
        help="implementation to judge: a registered name (reference, stdlib, ...) or an "
        "importable module[:attr] exposing async_chat; default $%s or %r"
        % (ENV_TARGET, DEFAULT_TARGET),
    )
    group.addoption(
        "--target-python",
        metavar="PYTHON",
        default=None,
        help="run the target out of process, in this interpreter (a path or a name on PATH, "
        "e.g. python2.7; CPython 2.7 or 3.x); default $%s" % ENV_TARGET_PYTHON,
    )
    group.addoption(
        "--deviations",
        metavar="FILE",
        action="append",
        default=[],
        help="extra recorded deviations ('rule-or-case-id: reason' lines), e.g. kept in a "
        "port's own repository; may be repeated",
    )
    group.addoption(
        "--results-json",
        metavar="PATH",
        default=None,
        help="write the run's results (target, Python, verdict per case, reproductions) as JSON",
    )
    group.addoption(
        "--results-junit",
        metavar="PATH",
        default=None,
        help="write the verdicts as JUnit XML, one test case per conformance case (pytest's "
        "--junitxml counts tests: parametrized examples, xfails)",
    )
    group.addoption(
        "--case-deadline",
        metavar="SECONDS",
        type=float,
        default=5.0,
        help="time one scenario may take, and all of a case's scenarios and calls together "
        "(plus %g times what the model took for them), before the case fails as a timeout "
        "(default 5)" % budget.MODEL_FACTOR,
    )
    group.addoption(
        "--run-deadline",
        metavar="SECONDS",
        type=float,
        default=None,
        help="time the run may take, plus %g times what the model took (each xdist worker "
        "counts its own); the cases left when it is spent are timeouts, not run (default %g, "
        "times the examples a Hypothesis profile draws over ci's %d; 0: no bound)"
        % (budget.RUN_MODEL_FACTOR, budget.RUN_DEADLINE, budget.PROFILE_EXAMPLES),
    )


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: Any) -> None:
    """Give every run a Hypothesis seed, chosen here when none was given, so
    that a run drawing fresh examples (the ``dev`` profile) can be repeated
    with ``--hypothesis-seed``: the results file records it.  (xdist workers
    inherit the option; derandomized profiles ignore it.)"""
    if getattr(config.option, "hypothesis_seed", "absent") is None:
        import random

        config.option.hypothesis_seed = str(random.SystemRandom().randrange(1 << 32))


def pytest_configure(config: Any) -> None:
    config.addinivalue_line(
        "markers", "conformance_case(info): an asynchat conformance case (set by @case)"
    )
    _announce_past_capture(config)
    config.pluginmanager.register(
        Results(config, lambda: describe_target(config), lambda: prepare(config)[1]),
        "asynchat-conformance-results",
    )
    # Load the profile before any case module is imported (prepare() below
    # imports them): @given keeps the settings current at decoration time.
    try:
        profiles.activate(getattr(config.option, "hypothesis_profile", None))
    except Exception as exc:  # hypothesis.errors.InvalidArgument: no such profile
        raise pytest.UsageError(str(exc)) from None
    deadline = config.getoption("--case-deadline")
    if not deadline > 0:
        raise pytest.UsageError(
            "--case-deadline must be a positive number of seconds, not %r" % deadline
        )
    run_deadline = config.getoption("--run-deadline")
    if run_deadline is not None and not run_deadline >= 0:
        raise pytest.UsageError(
            "--run-deadline must be a number of seconds (0: no bound), not %r" % run_deadline
        )
    if (
        config.getoption("--target") is not None
        or os.environ.get(ENV_TARGET) is not None
        or config.getoption("--deviations")
        or target_python(config)
    ):
        # Asked for by name: check it now, before xdist starts workers that
        # would each fail on their own.
        prepare(config)


def _announce_past_capture(config: Any) -> None:
    """Let the sandbox's last words reach the terminal: output pytest has
    captured is lost when a target ends the process."""
    from ..core import sandbox

    capture = config.pluginmanager.getplugin("capturemanager")
    if capture is None:
        return

    def announce(line: str) -> None:
        capture.suspend_global_capture(in_=False)
        sandbox._to_stderr(line)

    sandbox.announce = announce


def target_spec(config: Any) -> str:
    """The SPEC asked for; an empty one is a usage error (a CI job whose
    variable is unset must not silently judge the default)."""
    spec = config.getoption("--target")
    where = "--target"
    if spec is None:
        spec, where = os.environ.get(ENV_TARGET), "$%s" % ENV_TARGET
    if spec is None:
        return DEFAULT_TARGET
    if not spec.strip():
        raise pytest.UsageError(
            "%s is empty: name a target (e.g. reference, stdlib, or a module "
            "exposing async_chat), or leave it unset for %r" % (where, DEFAULT_TARGET)
        )
    return spec


def target_python(config: Any) -> Optional[str]:
    """The interpreter an out-of-process target runs in, if one was chosen."""
    return config.getoption("--target-python") or os.environ.get(ENV_TARGET_PYTHON) or None


def prepare(config: Any) -> Tuple[LoadedTarget, Records]:
    """Resolve the target and its records once; a usage error otherwise."""
    prepared = getattr(config, _TARGET_KEY, None)
    if prepared is not None:
        return prepared
    try:
        target: LoadedTarget
        python = target_python(config)
        if python:
            from ..remote.proxy import load_remote

            target = load_remote(resolve(target_spec(config)), python)
        else:
            target = load_local(resolve(target_spec(config)))
        deviations = dict(target.deviations)
        version = _target_version(target)
        for path in config.getoption("--deviations"):
            deviations = merged(deviations, load_deviations(_given_path(path), version))
        records = resolve_records(deviations, set(RULES), set(all_cases()))
    except (TargetUnavailable, ExpectationsError) as exc:
        raise pytest.UsageError(str(exc)) from None
    setattr(config, _TARGET_KEY, (target, records))
    return target, records


def _target_version(target: LoadedTarget) -> Tuple[int, int]:
    """The (major, minor) of the interpreter the target runs in, on which a
    record's ``[python<3.N]`` condition is judged."""
    remote = getattr(target, "python", None)
    if remote:
        major, minor = str(remote["version"]).split(".")[:2]
        return int(major), int(minor)
    return sys.version_info[0], sys.version_info[1]


def _given_path(path: str) -> str:
    """A ``--deviations`` FILE as given: relative to the working directory,
    never to the built-in targets' directory (which only built-in adapters
    use), so that an error names the file the user meant."""
    if not os.path.isfile(path):
        raise ExpectationsError("cannot read deviations file %s: no such file" % path)
    return path


def records(config: Any) -> Records:
    """The run's records, resolved (rule records with their variants)."""
    return prepare(config)[1]


def describe_target(config: Any) -> Dict[str, Any]:
    """Who was judged, for the summary and the results file."""
    try:
        spec = target_spec(config)
        target = prepare(config)[0]
    except pytest.UsageError as exc:
        spec = config.getoption("--target") or os.environ.get(ENV_TARGET) or ""
        return {"name": spec, "spec": spec, "description": str(exc), "version": None}
    described: Dict[str, Any] = {
        "name": target.name,
        "spec": spec,
        "description": target.description,
        "version": target.version or None,
        "python": platform.python_version(),
        "built_as": target.built_as,
    }
    remote = getattr(target, "python", None)
    if remote:  # out of process: the interpreter the target ran in
        described["python"] = remote["version"]
        described["target_python"] = dict(remote)
    return described


def _case_info(item: Any) -> Optional[CaseInfo]:
    marker = item.get_closest_marker("conformance_case")
    return marker.args[0] if marker else None


def pytest_collection_modifyitems(session: Any, config: Any, items: List[Any]) -> None:
    cases = [item for item in items if _case_info(item)]
    if not cases:
        return
    prepare(config)
    for item in cases:
        info = cast(CaseInfo, _case_info(item))  # ``cases`` holds the items that have one
        item.user_properties.append(("case_id", info.id))
        item.user_properties.append(("case_statement", info.statement))


def pytest_report_header(config: Any) -> str:
    python = target_python(config)
    return "asynchat-conformance: target %r%s" % (
        target_spec(config),
        " out of process in %s" % python if python else "",
    )


@pytest.fixture(scope="session")
def conformance_target(request: Any) -> LoadedTarget:
    """The implementation under test, resolved once per session."""
    return prepare(request.config)[0]


@pytest.fixture
def conformance_case(request: Any) -> CaseInfo:
    """The ``CaseInfo`` of the running case (for cases that judge by hand)."""
    info = _case_info(request.node)
    if info is None:
        raise pytest.UsageError("%s is not marked with @case" % request.node.nodeid)
    return info


@pytest.fixture
def case_deadline(request: Any) -> float:
    """Seconds each scenario (or direct call) of this test may take."""
    from .run_budget import case_seconds

    return case_seconds(request.config)


@pytest.fixture
def conform(request: Any, conformance_target: LoadedTarget) -> Callable[..., None]:
    """``conform(scenario)``: judge the target on ``scenario`` against the
    model playing the recorded variants; ``model_scenario=`` compares with
    the model on another schedule."""
    info = _case_info(request.node)
    if info is None:
        raise pytest.UsageError("the conform fixture is for functions marked with @case")
    from .run_budget import scenario_seconds

    seconds = scenario_seconds(request.config)
    variants = records(request.config).variants

    def run(scenario: Scenario, model_scenario: Optional[Scenario] = None) -> None:
        flight.begin(request.node.nodeid, info.id, scenario)
        try:
            # Which records showed is asked of example cases only: a drawn
            # example that matches needs no more model runs.
            outcome = check(
                conformance_target,
                info,
                scenario,
                seconds,
                model_scenario,
                variants,
                attribute=not _drawn(request.node),
            )
        except Unsupported as exc:
            if currently_in_test_context():
                reject()  # a property draws other examples instead
            pytest.skip("unimplemented: %s (needed by %s)" % (exc, info.id))
        judge(request.node, outcome)

    return run


def judge(node: Any, outcome: Outcome) -> None:
    """Decide the verdict of one example (``core.judge``), keep it on the
    running test, and fail the test if the verdict fails the run on its own.
    Only the first example of a test that did not pass is kept in full."""
    outcome = elide_outcome(outcome)
    info = _case_info(node)
    recorded = records(node.config)
    verdict = example_verdict(node, outcome)
    account(node, outcome, verdict)
    if verdict == Verdict.PASS:
        return
    if verdict == Verdict.UNEXPECTED_PASS and not outcome.report:
        outcome = Outcome(
            verdict,
            "no longer differs, remove the record: %s" % recorded.reason(info.id if info else ""),
        )
    kept = recorded_verdict(node.user_properties)
    if kept is None or (kept != verdict and verdict == _worst_judged(node)):
        node.user_properties[:] = [
            (k, v)
            for k, v in node.user_properties
            if k not in ("verdict", "reason", "reproduction")
        ]
        node.user_properties.append(("verdict", verdict.value))
        node.user_properties.append(("reason", outcome.report or ""))
        node.user_properties.append(("reproduction", json.dumps(outcome.details)))
    if verdict.fails_run and verdict != Verdict.UNEXPECTED_PASS:
        _fail(node, verdict, outcome.report or "")


def example_verdict(node: Any, outcome: Outcome) -> Verdict:
    """``core.judge.judge_example`` with the running test's case and options."""
    strict = bool(getattr(node.config.option, "strict", False))
    return judge_example(_case_info(node), outcome, records(node.config), strict, _drawn(node))


def _fail(node: Any, verdict: Verdict, report: str) -> None:
    """Fail the running test.  A timeout ends its case at once: no later
    example, no shrinking (each would cost another deadline)."""
    if verdict == Verdict.TIMEOUT:
        deadlines.finish_case(report)
        raise deadlines.CaseTimedOut(report)
    pytest.fail(report, pytrace=False)


def account(node: Any, outcome: Outcome, verdict: Verdict) -> None:
    """Keep, on the test item, the worst verdict of its examples, the rules
    they exercised and what they said of each record."""
    if currently_in_test_context():
        node.__dict__["_conformance_drawn"] = True
    kept = node.__dict__.setdefault(
        "_conformance_test",
        {"verdicts": set(), "exercised": set(), "evidence": {}, "unreached": ""},
    )
    kept["verdicts"].add(verdict)
    info = _case_info(node)
    if info is not None and info.informational:
        return  # never judged, so it neither confirms nor retires a record
    kept["exercised"].update(outcome.exercised)
    for record, said in outcome.evidence.items():
        kept["evidence"].setdefault(record, set()).add(said)
        if said == Evidence.UNREACHED and not kept["unreached"]:
            kept["unreached"] = outcome.stopped or "%s in %s" % (verdict, example_name(node))


def _drawn(node: Any) -> bool:
    """Whether the test draws its examples (Hypothesis) rather than spelling them out."""
    return bool(
        node.__dict__.get("_conformance_drawn")
        or currently_in_test_context()
        or getattr(getattr(node, "obj", None), "is_hypothesis_test", False)
    )


def pytest_runtest_logstart(nodeid: str, location: Any) -> None:
    from ..core import sandbox

    sandbox.current_case = nodeid


def pytest_runtest_setup(item: Any) -> None:
    """A fresh deadline state per test, on its case's clock; a case that
    crashed or timed out in an earlier test (another example) is finished:
    skip the rest of it."""
    info = _case_info(item)
    if info is None:
        return
    deadlines.start_case()
    flight.begin(item.nodeid, info.id, None)
    from .isolation import finished

    why = finished(item.config, info.id)
    if why:
        item.user_properties.append(("finished", why))
        pytest.skip("case %s already has its verdict (%s)" % (info.id, why))
    from .run_budget import begin_case

    begin_case(item, info.id)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: Any, call: Any) -> Any:
    """Label each case report with its verdict, so that the controller (also
    under xdist) needs nothing but the report."""
    made = yield
    report = made.get_result()
    info = _case_info(item)
    if info is None:
        return
    if report.when == "setup" and report.skipped and dict(item.user_properties).get("finished"):
        return  # not run: the case already has its verdict
    # A deadline that expired where the driver no longer catches it (in the
    # harness's code, after the target's step) still says only that the
    # target ran out of time: never an error of the harness.
    timed_out = call.excinfo is not None and call.excinfo.errisinstance(
        (deadlines.CaseTimedOut, deadlines.CaseDeadline)
    )
    if timed_out:
        _report_timeout(item, info, report, call.excinfo.value)
    recorded = recorded_verdict(item.user_properties)  # what judge() left
    # Only the verdict decided here counts; the one judge() left on the item
    # would otherwise ride along on every later report of the test.
    report.user_properties = [(k, v) for k, v in report.user_properties if k != "verdict"]
    raised = None
    if report.failed:
        raised = Raised.DEADLINE if timed_out else _raised(call.excinfo)
    verdict = verdict_from_ending(
        report.when, report.skipped, raised, recorded, _worst_judged(item)
    )
    if verdict is None:
        return
    report.user_properties.append(("verdict", verdict.value))
    report.user_properties.append(("example", example_name(item)))
    if verdict.fails_run and report.when == "call":
        if verdict in (Verdict.TIMEOUT, Verdict.CRASH):
            from .isolation import mark_finished

            mark_finished(item.config, info.id, "%s in %s" % (verdict, item.nodeid))
        _elide_longrepr(report)
    if report.when == "call":
        kept = item.__dict__.get("_conformance_test", {})
        report.user_properties += item_properties(
            drawn=_drawn(item),
            exercised=kept.get("exercised", ()),
            evidence=kept.get("evidence", {}),
            unreached=kept.get("unreached", ""),
        )
    if verdict != recorded and report.longrepr is not None:
        report.user_properties.append(("reason", _short_reason(report)))


def _worst_judged(item: Any) -> Optional[Verdict]:
    """The verdict of the test's judged examples together, if any was judged."""
    found = item.__dict__.get("_conformance_test", {}).get("verdicts")
    info = _case_info(item)
    recorded_case = info is not None and info.id in records(item.config).cases
    return case_verdict(list(found), recorded_case) if found else None


def _report_timeout(item: Any, info: CaseInfo, report: Any, exc: BaseException) -> None:
    """A timed-out test: its report, with where the target was stopped."""
    expired = deadlines.expired
    stack = (
        ("\n\nwhere the target was when it was stopped (innermost last):\n%s" % expired.describe())
        if expired
        else ""
    )
    if expired:
        from .run_budget import timeout_note

        stack += timeout_note(item.config, expired)
    properties = dict(item.user_properties)
    if properties.get("verdict") != Verdict.TIMEOUT:
        # Timed out where nothing judged it (e.g. the stateful machine,
        # shrinking): say so with what the flight recorder knows.
        item.user_properties.append(("verdict", Verdict.TIMEOUT.value))
        item.user_properties.append(
            (
                "reason",
                "[%s] timeout: no verdict within %ss%s"
                % (
                    info.id,
                    deadlines.seconds_text(
                        expired.seconds if expired else item.config.getoption("--case-deadline")
                    ),
                    " while %s" % expired.step if expired and expired.step else "",
                ),
            )
        )
        item.user_properties.append(("reproduction", "{}"))
    if stack:
        item.user_properties[:] = [
            (k, v + stack if k == "reason" else v) for k, v in item.user_properties
        ]
    report.user_properties = list(item.user_properties)  # the report copied them before
    reason = dict(item.user_properties).get("reason", "timeout")
    report.longrepr = elide(
        reason + "\n\n(a case that timed out is finished: no later example or shrinking ran)"
    )


def example_name(item: Any) -> str:
    """A readable name for one test of a case: its parameters, or what kind
    of examples it draws (rather than ``test_switch_to_int[44]``)."""
    callspec = getattr(item, "callspec", None)
    if callspec is not None and callspec.params:
        return elide(
            ", ".join("%s=%r" % (name, value) for name, value in callspec.params.items()), limit=60
        )
    if callspec is not None and callspec.id:
        return callspec.id
    if _drawn(item):
        return "examples drawn by Hypothesis"
    return "the case's scenario"


def _elide_longrepr(report: Any) -> None:
    """Keep huge literals (e.g. in Hypothesis' 'Falsifying example' line) out
    of the terminal: the same text with long data elided, still runnable."""
    text = str(report.longrepr)
    short = elide(text)
    if short != text:
        report.longrepr = short


def _raised(excinfo: Any) -> Raised:
    """What a failed test raised: a failed assertion (or a judged failure),
    an exception out of the harness's code, or one out of the target's."""
    if excinfo is None or excinfo.errisinstance((AssertionError, pytest.fail.Exception)):
        return Raised.FAILED
    if excinfo.errisinstance(HarnessError):
        return Raised.HARNESS
    innermost = excinfo.traceback[-1].path if excinfo.traceback else ""
    if innermost and deadlines.harness_code(str(innermost)):
        return Raised.HARNESS
    return Raised.TARGET


def _short_reason(report: Any) -> str:
    crash = getattr(report.longrepr, "reprcrash", None)
    if crash is not None:
        return crash.message
    if isinstance(report.longrepr, tuple):  # a skip: (path, line, message)
        return str(report.longrepr[2])
    return str(report.longrepr).strip().splitlines()[-1] if str(report.longrepr).strip() else ""
