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
from typing import Any, Callable, Dict, List, Optional, Set

from . import __version__
from .verdicts import (
    CRASH, EXPECTED_FAILURE, FAILING, HARNESS_ERROR, NON_STRICT, ORDER, PASS, RAN, UNEXPECTED_PASS,
    case_verdict,
)

FORMAT = "asynchat-conformance-results/1"

#: Exit statuses beyond pytest's own (1: failed cases, 4: usage error).
EXIT_HARNESS_ERROR = 3
EXIT_NOTHING_RAN = 5


@dataclass
class CaseResult:
    id: str
    statement: str = ""
    examples: List[str] = field(default_factory=list)
    duration: float = 0.0
    reason: str = ""
    reproduction: Optional[Dict[str, Any]] = None
    nodeid: str = ""
    #: Rules its examples exercised, and the recorded ones that explained a
    #: difference; ``drawn``: Hypothesis draws its examples.
    rules: Set[str] = field(default_factory=set)
    explained: Set[str] = field(default_factory=set)
    drawn: bool = False

    @property
    def verdict(self) -> str:
        return case_verdict(self.examples)


class Results:
    """The pytest plugin object that turns case reports into results."""

    def __init__(self, config: Any, describe_target: Any,
                 records: Callable[[], Dict[str, str]] = dict) -> None:
        self.config = config
        self.describe_target = describe_target
        self.records = records
        self.cases: Dict[str, CaseResult] = OrderedDict()
        self.started = time.time()
        self._differences: Optional[List[Dict[str, Any]]] = None

    # -- collecting ---------------------------------------------------------------

    def pytest_runtest_logreport(self, report: Any) -> None:
        properties = dict(report.user_properties)
        case_id = properties.get("case_id") or _case_of_crashed(report)
        if case_id is None:
            return
        result = self.cases.setdefault(case_id, CaseResult(case_id, properties.get("case_statement", "")))
        result.duration += report.duration
        verdict = properties.get("verdict")
        if verdict is None and report.failed:
            # No verdict although it failed: the process running the case
            # died (xdist replaced the worker, or --forked saw the child die)
            # before the case could judge anything.
            verdict = CRASH
            properties["reason"] = "the process running the case died: %s" % _last_line(report)
        if verdict is None:
            return
        result.rules.update(properties.get("rules", ()))
        result.explained.update(properties.get("explained", ()))
        result.drawn = result.drawn or bool(properties.get("drawn"))
        shown = result.verdict if result.examples else None
        result.examples.append(verdict)
        if shown is None or ORDER.index(verdict) < ORDER.index(shown):
            result.reason = properties.get("reason", "")
            raw = properties.get("reproduction")
            result.reproduction = json.loads(raw) if raw and raw != "{}" else None
            result.nodeid = report.nodeid

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

    def differences(self) -> List[Dict[str, Any]]:
        """The recorded deviations as behaviours: per record, what it says,
        the cases that witnessed it, and whether it still holds.

        A rule record still holds while an example case that exercises the
        rule differs there; once such cases exist and none differs, the
        record must go, and those cases become unexpected passes (once, when
        first asked).  Property cases witness a rule but never decide that."""
        if self._differences is not None:
            return self._differences
        from reference.rules import RULES

        found = []
        try:
            records = self.records()
        except Exception:  # a usage error was reported already
            records = {}
        for key, reason in sorted(records.items()):
            cases = [c for c in self.cases.values() if c.examples]
            if key not in RULES:
                witnesses = [c.id for c in cases if c.id == key and EXPECTED_FAILURE in c.examples]
                status = "expected" if witnesses else (
                    "remove-record" if any(c.id == key for c in cases) else "not-exercised")
                found.append({"kind": "case", "id": key, "sentence": "", "reason": reason,
                              "cases": witnesses, "status": status})
                continue
            witnesses = sorted(c.id for c in cases if key in c.explained)
            deciding = [c for c in cases if key in c.rules and not c.drawn]
            if any(key in c.explained for c in deciding):
                status = "expected"
            elif deciding:
                status = "remove-record"
                for result in deciding:
                    if result.verdict in (PASS, EXPECTED_FAILURE, NON_STRICT):
                        result.examples.append(UNEXPECTED_PASS)
                        result.reason = ("rule %s no longer differs in any example case that "
                                         "exercises it: remove the record" % key)
            else:
                status = "not-exercised"
            found.append({"kind": "rule", "id": key, "sentence": RULES[key].sentence,
                          "reason": reason, "cases": witnesses, "status": status})
        self._differences = found
        return found

    # -- gating -------------------------------------------------------------------

    def exit_status(self) -> Optional[int]:
        """The status the run must end with, or ``None`` to keep pytest's."""
        if not self.cases:
            return None
        stale = any(item["status"] == "remove-record" for item in self.differences())
        verdicts = [case.verdict for case in self.cases.values() if case.examples]
        if HARNESS_ERROR in verdicts:
            return EXIT_HARNESS_ERROR
        if stale or any(v in FAILING for v in verdicts):
            return 1
        if not any(v in RAN for v in verdicts):
            return EXIT_NOTHING_RAN
        return 0

    def pytest_sessionfinish(self, session: Any) -> None:
        if hasattr(self.config, "workerinput"):
            return  # an xdist worker: the controller speaks for the run
        status = self.exit_status()
        if status is not None and session.exitstatus in (0, 1, 5):
            session.exitstatus = status
        path = self.config.getoption("--results-json")
        if path and self.cases:
            write_json(path, self.document(session.exitstatus))

    # -- reporting ----------------------------------------------------------------

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if not self.cases or hasattr(self.config, "workerinput"):
            return
        write = terminalreporter.write_line
        target = self.describe_target()
        terminalreporter.section("asynchat conformance verdicts: target %s" % target["name"])
        write(target["description"])
        differences = self.differences()
        if differences:
            write("what differs (%d recorded behaviour%s):" % (
                len(differences), "" if len(differences) == 1 else "s"))
            for item in differences:
                write("  %-15s %s: %s" % (item["status"].upper(), item["id"],
                                           item["sentence"] or "the whole case"))
                write("  %15s %s" % ("", "why: " + item["reason"]))
                if item["cases"]:
                    write("  %15s %s" % ("", "seen in: " + ", ".join(item["cases"])))
            write("")
        counts: Counter = Counter()
        for case in sorted(self.cases.values(), key=lambda c: c.id):
            if not case.examples:
                continue
            counts[case.verdict] += 1
            write("%-17s %-36s %s" % (case.verdict.upper(), case.id, case.statement))
            if case.verdict == UNEXPECTED_PASS:
                write("%17s %s" % ("", case.reason))
        write("cases: " + ", ".join("%d %s" % (counts[v], v) for v in ORDER if counts[v]))
        status = self.exit_status()
        verdict = {0: "CONFORMS", 1: "DOES NOT CONFORM", EXIT_HARNESS_ERROR: "HARNESS ERROR",
                   EXIT_NOTHING_RAN: "NOTHING RAN"}.get(status, "")
        if verdict:
            write("conformance: %s (exit status %d)" % (verdict, status),
                  bold=True, red=bool(status), green=not status)

    def document(self, exit_status: int) -> Dict[str, Any]:
        """The machine-readable results of this run."""
        from .case import all_cases

        infos = all_cases()
        cases = []
        for case in sorted(self.cases.values(), key=lambda c: c.id):
            if not case.examples:
                continue
            info = infos.get(case.id)
            cases.append({
                "id": case.id,
                "group": case.id.split(".")[0],
                "statement": case.statement or (info.statement if info else ""),
                "api": info.api if info else "",
                "reference": info.reference if info else "",
                "possible_verdicts": list(info.verdicts) if info else [],
                "verdict": case.verdict,
                "examples": dict(Counter(case.examples)),
                "reason": case.reason,
                "duration": round(case.duration, 4),
                "nodeid": case.nodeid,
                "reproduction": case.reproduction,
                "rules": sorted(case.rules),
                "drawn": case.drawn,
                "deviations": sorted(case.explained),
            })
        target = self.describe_target()
        python = {
            "version": platform.python_version(),
            "implementation": platform.python_implementation(),
            "executable": sys.executable,
        }
        if target.get("target_python"):  # out of process: the target's interpreter counts
            python = dict(target["target_python"], harness=python)
        return {
            "format": FORMAT,
            "suite_version": __version__,
            "target": target,
            "python": python,
            "platform": platform.platform(),
            "hypothesis": _hypothesis_settings(self.config),
            "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.started)),
            "duration": round(time.time() - self.started, 3),
            "exit_status": exit_status,
            "counts": dict(Counter(c["verdict"] for c in cases)),
            "deviations_files": self.deviation_files(),
            "differences": self.differences(),
            "cases": cases,
        }


def write_json(path: str, document: Dict[str, Any]) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(document, handle, indent=1, sort_keys=False)
        handle.write("\n")


def _hypothesis_settings(config: Any) -> Dict[str, Any]:
    from hypothesis import settings

    current = settings.default
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
    from .case import case_of_test

    return case_of_test(report.nodeid)


def _last_line(report: Any) -> str:
    text = str(report.longrepr or "").strip()
    return text.splitlines()[-1] if text else "no report"
