"""The pytest plugin: target selection, deviations, the ``conform`` fixture
and the per-case verdict summary.

Registered through the ``pytest11`` entry point, so it is loaded in every
pytest run of an environment that has this package; it stays inert unless
conformance cases are collected (``pytest --pyargs conformance``).
"""

import os
from collections import OrderedDict
from typing import Any, Callable, Dict, List, Optional, Tuple

import pytest

from .case import CaseInfo, all_cases
from .expectations import Deviations, ExpectationsError, load_deviations
from .probe import Unsupported
from .scenario import Scenario
from .target import Target, TargetUnavailable, resolve
from .verdict import FAIL, NON_STRICT, check

ENV_TARGET = "ASYNCHAT_TARGET"
DEFAULT_TARGET = "reference"
_TARGET_KEY = "asynchat_conformance_target"


def pytest_addoption(parser: Any) -> None:
    group = parser.getgroup("asynchat-conformance", "asynchat conformance suite")
    group.addoption(
        "--target", metavar="SPEC", default=None,
        help="implementation to judge: a registered name (reference, stdlib, ...) or an "
             "importable module[:attr] exposing async_chat; default $%s or %r"
             % (ENV_TARGET, DEFAULT_TARGET),
    )
    group.addoption(
        "--deviations", metavar="FILE", action="append", default=[],
        help="extra recorded deviations ('case-id: reason' lines), e.g. kept in a port's "
             "own repository; may be repeated",
    )
    group.addoption(
        "--case-deadline", metavar="SECONDS", type=float, default=5.0,
        help="time one scenario may take before the case fails as a timeout (default 5)",
    )


def pytest_configure(config: Any) -> None:
    config.addinivalue_line(
        "markers", "conformance_case(info): an asynchat conformance case (set by @case)")
    config.pluginmanager.register(VerdictSummary(config), "asynchat-conformance-verdicts")
    from . import profiles

    profiles.chosen_by_user = bool(getattr(config.option, "hypothesis_profile", None))
    if config.getoption("--target") or os.environ.get(ENV_TARGET) or config.getoption("--deviations"):
        # Asked for by name: check it now, before xdist starts workers that
        # would each fail on their own.
        prepare(config)


def target_spec(config: Any) -> str:
    return config.getoption("--target") or os.environ.get(ENV_TARGET) or DEFAULT_TARGET


def prepare(config: Any) -> Tuple[Target, Deviations]:
    """Resolve the target and its deviations once; a usage error otherwise."""
    prepared = getattr(config, _TARGET_KEY, None)
    if prepared is not None:
        return prepared  # type: ignore[no-any-return]
    try:
        target = resolve(target_spec(config))
        deviations: Deviations = dict(target.deviations)
        for path in config.getoption("--deviations"):
            deviations.update(load_deviations(path))
    except (TargetUnavailable, ExpectationsError) as exc:
        raise pytest.UsageError(str(exc)) from None
    unknown = sorted(set(deviations) - set(all_cases()))
    if unknown:
        raise pytest.UsageError(
            "deviations name unknown case ids: %s (known ids: python -m conformance list)"
            % ", ".join(unknown))
    setattr(config, _TARGET_KEY, (target, deviations))
    return target, deviations


def _case_info(item: Any) -> Optional[CaseInfo]:
    marker = item.get_closest_marker("conformance_case")
    return marker.args[0] if marker else None


def pytest_collection_modifyitems(session: Any, config: Any, items: List[Any]) -> None:
    cases = [item for item in items if _case_info(item)]
    if not cases:
        return
    target, deviations = prepare(config)
    for item in cases:
        info = _case_info(item)
        item.user_properties.append(("case_id", info.id))
        item.user_properties.append(("case_statement", info.statement))
        reason = deviations.get(info.id)
        if reason:
            item.add_marker(pytest.mark.xfail(
                reason="recorded deviation of %s: %s" % (target.name, reason), strict=True))


def pytest_report_header(config: Any) -> str:
    return "asynchat-conformance: target %r" % target_spec(config)


@pytest.fixture(scope="session")
def conformance_target(request: Any) -> Target:
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
def conform(request: Any, conformance_target: Target) -> Callable[..., None]:
    """``conform(scenario)``: fail the case unless the target's trace matches
    the model's; ``model_scenario=`` compares with the model on another
    schedule.  A ``non-strict`` result is recorded on the test (and fails it
    under ``--strict``)."""
    info = _case_info(request.node)
    if info is None:
        raise pytest.UsageError("the conform fixture is for functions marked with @case")
    seconds = request.config.getoption("--case-deadline")
    strict = bool(getattr(request.config.option, "strict", False))

    def run(scenario: Scenario, model_scenario: Optional[Scenario] = None) -> None:
        try:
            outcome = check(conformance_target, info, scenario, seconds, model_scenario)
        except Unsupported as exc:
            pytest.skip("unimplemented: %s (needed by %s)" % (exc, info.id))
        if outcome.verdict == FAIL or (outcome.verdict == NON_STRICT and strict):
            pytest.fail(outcome.report, pytrace=False)
        if outcome.verdict == NON_STRICT and ("verdict", NON_STRICT) not in request.node.user_properties:
            request.node.user_properties.append(("verdict", NON_STRICT))
            request.node.user_properties.append(("non_strict_report", outcome.report))

    return run


# -- the verdict summary -------------------------------------------------------

_ORDER = ("fail", "unexpected-pass", "non-strict", "expected-failure", "unimplemented", "pass")


class VerdictSummary:
    """One verdict per case id, the worst of its examples' outcomes."""

    def __init__(self, config: Any) -> None:
        self.config = config
        self.outcomes: Dict[str, List[str]] = OrderedDict()
        self.statements: Dict[str, str] = {}

    def pytest_runtest_logreport(self, report: Any) -> None:
        properties = dict(report.user_properties)
        case_id = properties.get("case_id")
        if case_id is None or (report.when != "call" and report.passed):
            return
        if report.passed and properties.get("verdict") == NON_STRICT:
            outcome = NON_STRICT
        elif hasattr(report, "wasxfail"):
            outcome = "expected-failure"
        elif report.failed:
            outcome = "unexpected-pass" if "XPASS" in str(report.longrepr) else "fail"
        elif report.skipped:
            outcome = "unimplemented"
        else:
            outcome = "pass"
        self.outcomes.setdefault(case_id, []).append(outcome)
        self.statements[case_id] = properties.get("case_statement", "")

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if not self.outcomes:
            return
        write = terminalreporter.write_line
        terminalreporter.section("asynchat conformance verdicts: target %s" % target_spec(self.config))
        try:
            write(prepare(self.config)[0].description)
        except pytest.UsageError as exc:
            write(str(exc))
        counts: Dict[str, int] = {}
        for case_id in sorted(self.outcomes):
            verdict = next(v for v in _ORDER if v in self.outcomes[case_id])
            counts[verdict] = counts.get(verdict, 0) + 1
            write("%-17s %-36s %s" % (verdict.upper(), case_id, self.statements.get(case_id, "")))
        write("cases: " + ", ".join("%d %s" % (counts[v], v) for v in _ORDER if v in counts))
