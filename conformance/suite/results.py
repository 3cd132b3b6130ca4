"""Results of a run: one verdict per case, the summary a person reads, the
JSON file a pipeline or the report reads, and the exit status that gates.

Runs on the pytest controller (also under xdist, where it sees only
reports): every case report carries its verdict in ``user_properties``.
"""

import json
import os
import platform
import sys
import time
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Set, Tuple, cast

import pytest

from .. import __version__
from ..core.expectations import Records
from ..core.judge import (
    CaseVerdict,
    Evidence,
    ItemOutcome,
    Raised,
    RecordState,
    exit_status,
    judge_case,
    verdict_from_ending,
    what_differs,
)
from ..core.results_schema import (
    FORMAT,
    CaseEntry,
    Difference,
    FailingExample,
    ResultsDocument,
    to_json,
)
from ..core.verdicts import ExitStatus, Verdict
from ..report.reasons import one_line_reason


def recorded_verdict(properties: List[Tuple[str, Any]]) -> Optional[Verdict]:
    """The verdict a test's ``user_properties`` hold.  They hold it as its
    plain value: xdist sends them to the controller, and its serializer
    takes no ``str`` subclass."""
    value = dict(properties).get("verdict")
    return Verdict(value) if value else None


def item_properties(
    drawn: bool,
    exercised: Iterable[str],
    evidence: Mapping[str, Iterable[Evidence]],
    unreached: str,
) -> List[Tuple[str, Any]]:
    """What a test carries besides its verdict, as plain values (xdist
    serialises ``user_properties``)."""
    return [
        ("drawn", bool(drawn)),
        ("rules", sorted(exercised)),
        (
            "evidence",
            {
                record: sorted(str(kind) for kind in kinds)
                for record, kinds in sorted(evidence.items())
            },
        ),
        ("unreached", unreached),
    ]


def item_outcome(verdict: Verdict, properties: Mapping[str, Any]) -> ItemOutcome:
    """``item_properties()`` read back."""
    return ItemOutcome(
        verdict=verdict,
        drawn=bool(properties.get("drawn")),
        exercised=frozenset(properties.get("rules", ())),
        evidence={
            record: frozenset(Evidence(kind) for kind in kinds)
            for record, kinds in (properties.get("evidence") or {}).items()
        },
        unreached_why=properties.get("unreached", "") or "",
    )


@dataclass(frozen=True)
class Shown:
    """What one test of a case would show as the case's reason and
    reproduction, were it the test that decides the case."""

    reason: str = ""
    reproduction: Optional[Dict[str, Any]] = None
    nodeid: str = ""


@dataclass
class CaseResult:
    id: str
    statement: str = ""
    duration: float = 0.0
    #: Every example that did not pass, worst first once the run is over.
    failing: List[FailingExample] = field(default_factory=list)
    #: What each of its tests carried.
    tests: List[ItemOutcome] = field(default_factory=list)
    #: What each of its tests would show, in the order of ``tests``.
    shown: List[Shown] = field(default_factory=list)
    #: The run's records.
    records: Records = field(default_factory=Records)

    @property
    def examples(self) -> List[Verdict]:
        return [test.verdict for test in self.tests]

    def judged(self) -> CaseVerdict:
        return judge_case(self.id, self.tests, self.records)

    @property
    def verdict(self) -> Verdict:
        return self.judged().verdict

    @property
    def deciding(self) -> Shown:
        """What the test that decides the case (``core.judge``) shows."""
        index = self.judged().deciding
        return self.shown[index] if index < len(self.shown) else Shown()

    @property
    def reason(self) -> str:
        return self.deciding.reason

    @property
    def reproduction(self) -> Optional[Dict[str, Any]]:
        return self.deciding.reproduction

    @property
    def nodeid(self) -> str:
        return self.deciding.nodeid

    @property
    def rules(self) -> Set[str]:
        return set().union(*(t.exercised for t in self.tests)) if self.tests else set()

    @property
    def drawn(self) -> bool:
        return any(t.drawn for t in self.tests)


class Results:
    """The pytest plugin object that turns case reports into results."""

    def __init__(
        self, config: Any, describe_target: Any, records: Callable[[], Records] = Records
    ) -> None:
        self.config = config
        self.describe_target = describe_target
        self.records = records
        self.cases: Dict[str, CaseResult] = OrderedDict()
        self.started = time.time()

    def _records(self) -> Records:
        try:
            return self.records()
        except Exception:  # a usage error was reported already
            return Records()

    # -- collecting ---------------------------------------------------------------

    def pytest_runtest_logreport(self, report: Any) -> None:
        if report.failed and not any(k == "verdict" for k, _ in report.user_properties):
            from .isolation import crash_properties

            if crash_properties(self.config, report):  # a worker died under the case
                report.longrepr = dict(report.user_properties)["reason"]
        properties = dict(report.user_properties)
        case_id = properties.get("case_id") or _case_of_crashed(report)
        if case_id is None:
            return
        result = self.cases.setdefault(
            case_id,
            CaseResult(case_id, properties.get("case_statement", ""), records=self._records()),
        )
        result.duration += report.duration
        verdict = recorded_verdict(report.user_properties)
        if verdict is None and report.failed:
            # No verdict although it failed: the process running the case
            # died (xdist replaced the worker, or --forked saw the child die)
            # before the case could judge anything.
            verdict = verdict_from_ending(report.when, False, Raised.DIED)
            properties["reason"] = "the process running the case died: %s" % _last_line(report)
        if verdict is None:
            return
        result.tests.append(item_outcome(verdict, properties))
        raw = properties.get("reproduction")
        reproduction = json.loads(raw) if raw and raw != "{}" else None
        result.shown.append(Shown(properties.get("reason", ""), reproduction, report.nodeid))
        if verdict != Verdict.PASS:
            result.failing.append(
                FailingExample(
                    name=properties.get("example") or report.nodeid.rpartition("::")[2],
                    verdict=verdict,
                    nodeid=report.nodeid,
                    reason=_capped(properties.get("reason", "")),
                    reproduction=reproduction,
                )
            )

    # -- what differs ---------------------------------------------------------------

    def deviation_files(self) -> List[str]:
        """The deviations files this run judged with: the target's own, then
        ``--deviations``, so that the run can be repeated as it was."""
        try:
            own = self.describe_target().get("deviations_file")
        except Exception:
            own = None
        given = [os.path.abspath(path) for path in self.config.getoption("--deviations") or ()]
        return ([own] if own else []) + given

    def record_states(self) -> List[RecordState]:
        """Per record, whether it still holds (``core.judge.what_differs``)."""
        records = self._records()
        return what_differs(records, [case.judged() for case in self.cases.values() if case.tests])

    def differences(self) -> List[Difference]:
        """The "what differs" list as the results file has it."""
        from asynchat_reference.rules import RULES

        records = self._records()
        found = []
        for state in self.record_states():
            rule = RULES.get(state.id) if state.kind == "rule" else None
            variant = next((r.variant for r in records.rules if r.id == state.id), None)
            found.append(
                Difference(
                    kind=state.kind,
                    id=state.id,
                    sentence=rule.sentence if rule else "",
                    reason=records.reason(state.id),
                    cases=state.cases,
                    drawn_cases=state.drawn_cases,
                    status=state.status.value,
                    variant=variant.name if variant else None,
                    variant_statement=variant.statement if variant else None,
                    changed_in=state.changed_in or None,
                    why=state.why or None,
                    reference_in=state.reference_in or None,
                )
            )
        return found

    # -- gating -------------------------------------------------------------------

    def exit_status(self) -> Optional[ExitStatus]:
        """The status the run must end with, or ``None`` to keep pytest's."""
        verdicts = [case.verdict for case in self.cases.values() if case.examples]
        return exit_status(verdicts, self.record_states())

    def pytest_sessionfinish(self, session: Any) -> None:
        if hasattr(self.config, "workerinput"):
            return  # an xdist worker: the controller speaks for the run
        status = self.exit_status()
        # Only pytest's own verdict on the tests (passed, failed, none
        # collected) gives way; an interruption or a usage error stands.
        if status is not None and session.exitstatus in (
            pytest.ExitCode.OK,
            pytest.ExitCode.TESTS_FAILED,
            pytest.ExitCode.NO_TESTS_COLLECTED,
        ):
            session.exitstatus = status
        path = self.config.getoption("--results-json")
        junit = self.config.getoption("--results-junit")
        if (path or junit) and self.cases:
            document = to_json(self.document(session.exitstatus))
            if path:
                write_json(path, document)
            if junit:
                from ..report.junit import write_junit

                write_junit(junit, document)

    # -- reporting ----------------------------------------------------------------

    def write_verdicts(self, terminalreporter: Any) -> None:
        """The verdicts section: one line per case that did not pass (every
        case with ``-v``), the counts and the gate."""
        write = terminalreporter.write_line
        target = self.describe_target()
        terminalreporter.section("asynchat conformance verdicts: target %s" % target["name"])
        write(target["description"])
        if target.get("built_as"):
            write("channels built as %s" % target["built_as"])
        differences = self.differences()
        if differences:
            write(
                "what differs (%d recorded behaviour%s):"
                % (len(differences), "" if len(differences) == 1 else "s")
            )
            for item in differences:
                write(
                    "  %-15s %s: %s"
                    % (item.status.upper(), item.id, item.sentence or "the whole case")
                )
                if item.variant:
                    write(
                        "  %15s %s"
                        % (
                            "",
                            "recorded as %s/%s: %s"
                            % (item.id, item.variant, item.variant_statement),
                        )
                    )
                write("  %15s %s" % ("", "why: " + item.reason))
                if item.changed_in:
                    write(
                        "  %15s %s"
                        % ("", "no longer looks as recorded in: " + ", ".join(item.changed_in))
                    )
                if item.reference_in:
                    write(
                        "  %15s %s"
                        % ("", "behaves as the reference in: " + ", ".join(item.reference_in))
                    )
                if item.why:
                    write("  %15s %s" % ("", "not exercised: " + item.why))
                if item.cases:
                    write("  %15s %s" % ("", "seen in: " + ", ".join(item.cases)))
                elif item.drawn_cases:
                    # (no example case of this run met it, e.g. after --case)
                    write(
                        "  %15s %s"
                        % ("", "met only by examples drawn in: " + ", ".join(item.drawn_cases))
                    )
            write("")
        counts = self.counts()
        every = self.config.getoption("verbose", 0) > 0
        for case in sorted(self.cases.values(), key=lambda c: c.id):
            if not case.examples or (case.verdict == Verdict.PASS and not every):
                continue
            text = (
                case.statement
                if case.verdict == Verdict.PASS
                else one_line_reason(self.entry(case))
            )
            terminalreporter.write("%-17s" % case.verdict.upper(), **MARKUP.get(case.verdict, {}))
            write(" %-36s %s" % (case.id, text))
        write(
            "cases: "
            + ", ".join("%d %s" % (counts[v], v) for v in Verdict if counts[v])
            + ("" if every or not counts[Verdict.PASS] else "  (-v lists the passing ones too)")
        )
        status = self.exit_status()
        if status is not None:
            write(
                "conformance: %s (exit status %d)" % (status.words, status),
                bold=True,
                red=bool(status),
                green=not status,
            )

    def counts(self) -> Counter:
        """Cases per verdict: the one count the terminal, the results file and
        the JUnit file all give."""
        return Counter(case.verdict for case in self.cases.values() if case.examples)

    def entry(self, case: CaseResult) -> Dict[str, Any]:
        return {
            "id": case.id,
            "verdict": case.verdict,
            "reason": case.reason,
            "reproduction": case.reproduction,
        }

    @pytest.hookimpl(hookwrapper=True, tryfirst=True)
    def pytest_terminal_summary(self, terminalreporter: Any) -> Any:
        """After pytest's own summary sections: the verdicts; and pytest's
        closing line, which counts tests (parametrized examples, xfails),
        made to count cases by verdict, like everything above it."""
        yield
        if self.cases and not hasattr(self.config, "workerinput"):
            self.write_verdicts(terminalreporter)
            tests = sum(len(case.examples) for case in self.cases.values())
            terminalreporter.summary_stats = lambda: _case_stats_line(
                terminalreporter, self.counts(), tests, time.time() - self.started
            )

    def document(self, exit_status: int) -> ResultsDocument:
        """The machine-readable results of this run."""
        from .registry import all_cases

        infos = all_cases()
        cases = []
        for case in sorted(self.cases.values(), key=lambda c: c.id):
            if not case.examples:
                continue
            info = infos.get(case.id)
            cases.append(
                CaseEntry(
                    id=case.id,
                    group=case.id.split(".")[0],
                    statement=case.statement or (info.statement if info else ""),
                    api=info.api if info else "",
                    reference=info.reference if info else "",
                    possible_verdicts=list(info.verdicts) if info else [],
                    verdict=case.verdict,
                    examples=dict(Counter(case.examples)),
                    reason=case.reason,
                    duration=round(case.duration, 4),
                    nodeid=case.nodeid,
                    reproduction=case.reproduction,
                    rules=sorted(case.rules),
                    drawn=case.drawn,
                    deviations=sorted(
                        {
                            record
                            for test in case.tests
                            for record, kinds in test.evidence.items()
                            if Evidence.CONFIRMED in kinds
                        }
                    ),
                    failing_examples=sorted(case.failing, key=lambda e: e.verdict.rank),
                )
            )
        target = self.describe_target()
        python: Dict[str, Any] = {
            "version": platform.python_version(),
            "implementation": platform.python_implementation(),
            "executable": sys.executable,
        }
        if target.get("target_python"):  # out of process: the target's interpreter counts
            python = dict(target["target_python"], harness=python)
        return ResultsDocument(
            format=FORMAT,
            suite_version=__version__,
            target=target,
            python=python,
            platform=platform.platform(),
            hypothesis=_hypothesis_settings(self.config),
            started=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.started)),
            duration=round(time.time() - self.started, 3),
            exit_status=exit_status,
            counts=dict(Counter(c.verdict for c in cases)),
            deviations_files=self.deviation_files(),
            differences=self.differences(),
            cases=cases,
        )


#: Terminal colours per verdict (pytest's TerminalWriter drops them where the
#: terminal has none, or with --color=no / NO_COLOR).
MARKUP: Dict[Verdict, Dict[str, bool]] = {
    Verdict.PASS: {"green": True},
    Verdict.FAIL: {"red": True, "bold": True},
    Verdict.CRASH: {"red": True, "bold": True},
    Verdict.HARNESS_ERROR: {"red": True, "bold": True},
    Verdict.TIMEOUT: {"yellow": True, "bold": True},
    Verdict.UNEXPECTED_PASS: {"yellow": True, "bold": True},
    Verdict.NON_STRICT: {"cyan": True},
    Verdict.EXPECTED_FAILURE: {"cyan": True},
    Verdict.INFORMATIONAL: {"blue": True},
    Verdict.UNIMPLEMENTED: {"purple": True},
}


def _case_stats_line(terminalreporter: Any, counts: Counter, tests: int, seconds: float) -> None:
    """pytest's closing ``=== ... in 1.23s ===`` line, in cases."""
    failing = any(counts[v] for v in Verdict if v.fails_run)
    colour = {"red": True} if failing else {"green": True}
    parts = [("%d %s" % (counts[v], v), MARKUP.get(v, {})) for v in Verdict if counts[v]]
    plain = ", ".join(text for text, _ in parts) + " (cases; %d tests) in %.2fs" % (tests, seconds)
    if terminalreporter.verbosity < -1:
        terminalreporter.write_line(plain, **colour)
        return
    writer = terminalreporter._tw
    marked = ", ".join(writer.markup(text, **markup) for text, markup in parts) + writer.markup(
        " (cases; %d tests) in %.2fs" % (tests, seconds), **colour
    )
    terminalreporter.write_sep(
        "=", marked, fullwidth=writer.fullwidth + len(marked) - len(plain), **colour
    )


def _capped(text: str, limit: int = 4000) -> str:
    """A reason as kept per example: whole unless it is huge."""
    return (
        text
        if len(text) <= limit
        else text[:limit] + "\n... (%d characters more)" % (len(text) - limit)
    )


def write_json(path: str, document: Dict[str, Any]) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(document, handle, indent=1, sort_keys=False)
        handle.write("\n")


def _hypothesis_settings(config: Any) -> Dict[str, Any]:
    from hypothesis import settings

    # A profile is always loaded (this package registers and loads one).
    current = cast(settings, settings.default)
    from importlib import metadata

    return {
        "version": metadata.version("hypothesis"),
        "profile": getattr(settings, "_current_profile", None),
        "seed": config.getoption("hypothesis_seed", None),
        "derandomize": bool(current.derandomize),
        "max_examples": current.max_examples,
    }


def _case_of_crashed(report: Any) -> Optional[str]:
    """The case a verdict-less failed report belongs to.  xdist reports a
    dead worker's test with its node id only, so map the test function back
    to its ``@case`` declaration."""
    if not report.failed:
        return None
    from .registry import case_of_test

    return case_of_test(report.nodeid)


def _last_line(report: Any) -> str:
    text = str(report.longrepr or "").strip()
    return text.splitlines()[-1] if text else "no report"
