"""The verdicts as JUnit XML, for CI systems that show test results.

pytest's own ``--junitxml`` writes one test case per pytest test: every
parametrized example, expected failures as skips.  A conformance run is
judged per case, so this file has one ``<testcase>`` per conformance case
(classname: its group, name: its id), written from the same results
document as ``--results-json``, so the counts agree:

* ``fail``, ``timeout``, ``crash``, ``unexpected-pass``: a ``<failure>``
  whose ``type`` is the verdict;
* ``harness-error``: an ``<error>``;
* ``unimplemented``: a ``<skipped>``;
* ``pass``, ``non-strict``, ``expected-failure``, ``informational``: passed.

Every test case carries its verdict as a ``verdict`` property.
"""

import os
import xml.etree.ElementTree as ET
from typing import Any, Dict

from ..core.verdicts import Verdict
from .reasons import one_line_reason


def junit_tree(document: Dict[str, Any]) -> ET.ElementTree:
    cases = document["cases"]
    verdicts = [Verdict(c["verdict"]) for c in cases]
    failures = sum(1 for v in verdicts if v.fails_run and v != Verdict.HARNESS_ERROR)
    errors = verdicts.count(Verdict.HARNESS_ERROR)
    skipped = verdicts.count(Verdict.UNIMPLEMENTED)
    suites = ET.Element("testsuites")
    suite = ET.SubElement(
        suites,
        "testsuite",
        {
            "name": "asynchat-conformance: %s" % document["target"]["name"],
            "tests": str(len(cases)),
            "failures": str(failures),
            "errors": str(errors),
            "skipped": str(skipped),
            "time": "%.3f" % document.get("duration", 0),
            "timestamp": str(document.get("started", "")),
        },
    )
    properties = ET.SubElement(suite, "properties")
    for name, value in (
        ("target", document["target"].get("spec") or document["target"]["name"]),
        ("python", document["python"].get("version")),
        ("exit_status", document.get("exit_status")),
    ):
        ET.SubElement(properties, "property", {"name": name, "value": str(value)})
    for case in cases:
        verdict = Verdict(case["verdict"])
        element = ET.SubElement(
            suite,
            "testcase",
            {
                "classname": case.get("group") or case["id"].split(".")[0],
                "name": case["id"],
                "time": "%.3f" % case.get("duration", 0),
            },
        )
        props = ET.SubElement(element, "properties")
        ET.SubElement(props, "property", {"name": "verdict", "value": verdict})
        message = "%s: %s" % (verdict, _first_line(case))
        if verdict == Verdict.HARNESS_ERROR:
            ET.SubElement(element, "error", {"type": verdict, "message": message}).text = (
                case.get("reason") or ""
            )
        elif verdict.fails_run:
            ET.SubElement(element, "failure", {"type": verdict, "message": message}).text = (
                case.get("reason") or ""
            )
        elif verdict == Verdict.UNIMPLEMENTED:
            ET.SubElement(element, "skipped", {"type": verdict, "message": message})
        else:
            ET.SubElement(element, "system-out").text = "verdict: %s\n%s" % (
                verdict,
                case.get("reason") or case.get("statement") or "",
            )
    return ET.ElementTree(suites)


def _first_line(case: Dict[str, Any]) -> str:
    return one_line_reason(case)


def write_junit(path: str, document: Dict[str, Any]) -> None:
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    junit_tree(document).write(path, encoding="utf-8", xml_declaration=True)
