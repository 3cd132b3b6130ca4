"""Rule coverage: which cases exercise each rule of the reference.

A rule no example case exercises is a rule a port can break unnoticed, and
a recorded deviation of it could never be confirmed or retired.  The
mapping is measured, not declared: the suite runs against the reference and
each case's results say which rules its examples made the model apply.
"""

import json
import os
import subprocess
import sys
import tempfile
from typing import Any, Dict, List

from asynchat_reference.rules import RULES


def coverage(document: Dict[str, Any]) -> Dict[str, Dict[str, List[str]]]:
    """``rule id -> {"example": [case ids], "drawn": [case ids]}`` from a
    results document; every rule is present, exercised or not."""
    found: Dict[str, Dict[str, List[str]]] = {rule: {"example": [], "drawn": []} for rule in RULES}
    for case in document["cases"]:
        kind = "drawn" if case.get("drawn") else "example"
        for rule in case.get("rules", ()):
            if rule in found:
                found[rule][kind].append(case["id"])
    return found


def measure() -> Dict[str, Dict[str, List[str]]]:
    """Run the suite against the reference (ci profile, no performance
    cases) in a fresh process and return :func:`coverage` of its results."""
    with tempfile.TemporaryDirectory() as workdir:
        path = os.path.join(workdir, "reference.json")
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "--pyargs",
                "asynchat_conformance",
                "--target",
                "reference",
                "-q",
                "-p",
                "no:cacheprovider",
                "--hypothesis-profile",
                "ci",
                "-k",
                "not test_performance",
                "--results-json",
                path,
            ],
            cwd=workdir,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=dict(os.environ, CI="true"),
        )
        if not os.path.exists(path):
            raise RuntimeError(
                "the suite against the reference wrote no results (exit %d):\n%s"
                % (done.returncode, done.stdout[-3000:])
            )
        with open(path, encoding="utf-8") as handle:
            return coverage(json.load(handle))
