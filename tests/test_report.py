"""``python -m asynchat_conformance report``: results documents in, one HTML matrix
and one Markdown summary out, built here from synthetic results (every
verdict, two targets, two Pythons, a case missing from one run) and checked
by structure, not by eye.  tests/test_report_browser.py renders the same
page in a real browser.
"""

import copy
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional

import pytest

from asynchat_conformance.core.results_schema import FORMAT
from asynchat_conformance.core.verdicts import Verdict

HOSTILE = "<script>alert('pwned')</script> b'\\r\\n<&>\"'"

#: Case id -> the verdict it gets on alpha/3.11, where every verdict occurs.
EVERY_VERDICT = {
    "close.peer-closes": "pass",
    "close.peer-resets": "non-strict",
    "find-prefix-at-end.empty-needle": "informational",
    "producer.simple-producer": "unimplemented",
    "push.empty": "expected-failure",
    "push.type-error": "unexpected-pass",
    "terminator.bytes.split": "fail",
    "terminator.int.count": "timeout",
    "terminator.none": "crash",
    "terminator.small-in-buffer": "harness-error",
}
FAILED_CASE = "terminator.bytes.split"
MISSING_CASE = "terminator.none"  # absent from beta/3.9


def case_entry(case_id: str, verdict: str) -> Dict[str, Any]:
    entry: Dict[str, Any] = {
        "id": case_id,
        "group": case_id.split(".")[0],
        "statement": "Statement of %s." % case_id,
        "api": "async_chat.push",
        "reference": "https://docs.python.org/3.11/library/asynchat.html#asynchat.async_chat.push",
        "possible_verdicts": ["pass", "fail", "expected-failure"],
        "verdict": verdict,
        "examples": {verdict: 1},
        "reason": "" if verdict == Verdict.PASS else "why %s is %s" % (case_id, verdict),
        "duration": 0.001,
        "nodeid": "cases/test_x.py::test_%s" % case_id.replace(".", "_").replace("-", "_"),
        "reproduction": None,
    }
    if verdict == "fail":
        entry["reason"] = "\n".join(
            [
                "[%s] Statement of %s." % (case_id, case_id),
                "API: async_chat.push -- https://docs.python.org/3.11/library/asynchat.html",
                "",
                "reproduction:",
                "  1. set_terminator(b'\\r\\n')",
                "  2. peer sends b'<hello>\\r\\n'",
                "",
                "replay in Python:",
                "  from asynchat_conformance import replay",
                "  from asynchat_conformance.core.scenario import *",
                "  replay('alpha', Scenario(steps=(Deliver(data=b'<hello>\\r\\n'),)),"
                " view='calls')",
                "",
                "injected: " + HOSTILE,
            ]
        )
        entry["reproduction"] = {
            "scenario": "Scenario(steps=(Deliver(data=b'<hello>\\r\\n'),))",
            "steps": ["set_terminator(b'\\r\\n')", "peer sends b'<hello>\\r\\n'"],
            "view": "calls",
            "expected": ["collect_incoming_data(b'<hello>')", "found_terminator()"],
            "observed": ["collect_incoming_data(b'<hello>\\r\\n')", "found_terminator()"],
        }
    if verdict == "fail":
        # Three failing examples and a passing one, each failing one reachable.
        entry["examples"] = {"fail": 3, "pass": 1}
        entry["failing_examples"] = [
            {
                "name": name,
                "verdict": "fail",
                "nodeid": entry["nodeid"] + "[%d]" % number,
                "reason": "why example %s fails" % name,
                "reproduction": dict(
                    entry["reproduction"],
                    steps=["set_terminator(b'\\r\\n')", "peer sends %s" % name],
                ),
            }
            for number, name in enumerate(EXAMPLE_NAMES)
        ]
    if verdict == "crash":
        entry["reason"] = "RuntimeError: " + HOSTILE
    return entry


#: Readable names of the failing examples of FAILED_CASE (one hostile).
EXAMPLE_NAMES = ["split=44", "chunks=(b'a', b'bc')", HOSTILE]
#: The lead's "differences" list (COORD.md contract 2), on alpha/3.11.
DIFFERENCES = [
    {
        "rule": "framing.holdback",
        "sentence": "A partial terminator at the end of a read is held back.",
        "reason": "known: " + HOSTILE,
        "cases": ["terminator.bytes.split"],
        "status": "expected",
    },
    {
        "rule": "queue.empty-push",
        "sentence": "An empty push() queues nothing.",
        "reason": "fixed upstream",
        "cases": [],
        "status": "remove-record",
    },
    {
        "id": "closing.mark-calls-handle-close",
        "kind": "rule",
        "variant": "close-only",
        "sentence": "When the close mark reaches the head of the queue, handle_close() is called.",
        "reason": "medusa-era close",
        "cases": [],
        "status": "changed",
        "changed_in": ["close-when-done.nothing-after"],
    },
]


def document(
    target: str,
    python: str,
    verdicts: Mapping[str, str],
    exit_status: int,
    started: str = "2026-01-01T00:00:00Z",
) -> Dict[str, Any]:
    cases = [case_entry(case_id, verdict) for case_id, verdict in sorted(verdicts.items())]
    counts: Dict[str, int] = {}
    for entry in cases:
        counts[entry["verdict"]] = counts.get(entry["verdict"], 0) + 1
    return {
        "format": FORMAT,
        "suite_version": "9.8.7",
        "target": {
            "name": target,
            "spec": target,
            "version": None,
            "python": python,
            "description": "%s.async_chat from /src/<%s>.py" % (target, target),
        },
        "python": {
            "version": python,
            "implementation": "CPython",
            "executable": "/usr/bin/python%s" % python[:4],
        },
        "platform": "Linux-test-platform-%s" % python,
        "hypothesis": {"profile": "ci", "seed": 12345, "derandomize": False, "max_examples": 60},
        "started": started,
        "duration": 1.5,
        "exit_status": exit_status,
        "counts": counts,
        "cases": cases,
    }


def sample_documents() -> Dict[str, Dict[str, Any]]:
    """File name -> document: alpha and beta, each on 3.9 and 3.11."""
    all_pass = {case_id: Verdict.PASS for case_id in EVERY_VERDICT}
    beta_39: Dict[str, str] = {
        case_id: Verdict.PASS for case_id in EVERY_VERDICT if case_id != MISSING_CASE
    }
    beta_39["push.empty"] = "fail"
    return {
        "alpha-311.json": dict(
            document("alpha", "3.11.7", dict(EVERY_VERDICT), 3), differences=DIFFERENCES
        ),
        "alpha-39.json": document("alpha", "3.9.18", all_pass, 0),
        "beta-39.json": document("beta", "3.9.18", beta_39, 1),
        "beta-311.json": document("beta", "3.11.7", all_pass, 0),
    }


def write_documents(directory: Path, documents: Dict[str, Dict[str, Any]]) -> List[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, doc in documents.items():
        path = directory / name
        path.write_text(json.dumps(doc), encoding="utf-8")
        paths.append(path)
    return paths


def run_report(*args: Any, cwd: Path) -> subprocess.CompletedProcess:
    """``python -m asynchat_conformance report ARGS`` as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "asynchat_conformance", "report"] + [str(a) for a in args],
        cwd=str(cwd),
        capture_output=True,
        text=True,
        timeout=60,
    )


def build_sample_report(tmp_path: Path) -> Path:
    """The report of sample_documents() in ``tmp_path/report``."""
    paths = write_documents(tmp_path / "results", sample_documents())
    out = tmp_path / "report"
    run = run_report(*paths, "-o", out, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    return out


# -- reading the page back --------------------------------------------------------------


class Page(HTMLParser):
    """Just enough of the page's structure: cells, column headers, group
    rows, script and style elements, and every tag with its attributes."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: List[tuple] = []
        self.cells: Dict[tuple, Dict[str, Any]] = {}
        self.columns: List[Dict[str, Any]] = []
        self.groups: List[str] = []
        self.scripts: List[str] = []
        self._open: List[Dict[str, Any]] = []
        self._script: Optional[List[str]] = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: List[tuple]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "script":
            self._script = []
        for record in self._open:
            record["tags"].append((tag, attributes))
        if tag == "td" and "data-case" in attributes:
            self._begin(
                attributes,
                lambda r: self.cells.__setitem__(
                    (attributes["data-case"], int(attributes["data-column"])), r
                ),
            )
        elif tag == "th" and "col" in attributes.get("class", "").split():
            self._begin(attributes, self.columns.append)
        elif tag == "tr" and "group" in attributes.get("class", "").split():
            self.groups.append(attributes["data-group"])

    def _begin(self, attributes: Dict[str, str], store: Any) -> None:
        record = {
            "attrs": attributes,
            "text": [],
            "tags": [],
            "depth": 0,
            "store": store,
            "name": "td" if "data-case" in attributes else "th",
        }
        self._open.append(record)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None
        if self._open and tag == self._open[-1]["name"]:
            record = self._open.pop()
            record["text"] = "".join(record["text"])
            record["store"](record)

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)
        for record in self._open:
            record["text"].append(data)


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory: Any) -> Path:
    return build_sample_report(tmp_path_factory.mktemp("report"))


@pytest.fixture(scope="module")
def html_text(report_dir: Path) -> str:
    return (report_dir / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def page(html_text: str) -> Page:
    return Page(html_text)


@pytest.fixture(scope="module")
def summary(report_dir: Path) -> str:
    return (report_dir / "summary.md").read_text(encoding="utf-8")


#: Column order: target, then Python version as numbers (3.9 before 3.11).
COLUMNS = [("alpha", "3.9.18"), ("alpha", "3.11.7"), ("beta", "3.9.18"), ("beta", "3.11.7")]


def expected_verdict(case_id: str, column: int) -> str:
    documents = sample_documents()
    by_column = {0: "alpha-39.json", 1: "alpha-311.json", 2: "beta-39.json", 3: "beta-311.json"}
    cases = {c["id"]: c["verdict"] for c in documents[by_column[column]]["cases"]}
    return cases.get(case_id, "not run")


# -- the matrix ----------------------------------------------------------------------


def test_columns_are_sorted_by_target_then_python_version(page: Page) -> None:
    assert len(page.columns) == len(COLUMNS)
    for (target, python), column in zip(COLUMNS, page.columns):
        assert target in column["text"] and "CPython %s" % python in column["text"], column["text"]


def test_column_headers_describe_the_run(page: Page) -> None:
    header = page.columns[1]["text"]  # alpha on 3.11, exit status 3
    for fragment in (
        "alpha.async_chat from /src/<alpha>.py",
        "Linux-test-platform-3.11.7",
        "9.8.7",
        "profile ci",
        "seed 12345",
        "harness error (exit 3)",
        "/usr/bin/python3.11",
    ):
        assert fragment in header, fragment
    assert "conforms (exit 0)" in page.columns[0]["text"]
    assert "does not conform (exit 1)" in page.columns[2]["text"]


def test_every_case_and_column_has_a_cell_with_its_verdict_class(page: Page) -> None:
    assert len(page.cells) == len(EVERY_VERDICT) * len(COLUMNS)
    for case_id in EVERY_VERDICT:
        for column in range(len(COLUMNS)):
            verdict = expected_verdict(case_id, column)
            cell = page.cells[(case_id, column)]
            classes = cell["attrs"]["class"].split()
            assert "v-" + verdict.replace(" ", "-") in classes, (case_id, column, classes)
            assert cell["attrs"]["data-verdict"] == verdict
            summaries = [t for t, _ in cell["tags"] if t == "summary"]
            if verdict in (Verdict.PASS, "not run"):
                assert cell["text"].strip() == verdict and not summaries
            else:
                # The cell's own summary first (examples nested in it have theirs).
                assert summaries and cell["tags"][:2] == [
                    ("details", {"class": "cell"}),
                    ("summary", {}),
                ]
                assert cell["text"].strip().startswith(verdict)


def test_every_verdict_occurs_and_has_its_own_colour(page: Page, html_text: str) -> None:
    shown = {cell["attrs"]["data-verdict"] for cell in page.cells.values()}
    assert shown == set(Verdict) | {"not run"}
    colours = {}
    for verdict in shown:
        rule = re.search(
            r"\.v-%s \{ background: (#[0-9a-f]{6});" % re.escape(verdict.replace(" ", "-")),
            html_text,
        )
        assert rule, verdict
        colours[verdict] = rule.group(1)
    assert len(set(colours.values())) == len(colours), colours


def test_legend_names_every_verdict(page: Page) -> None:
    legend = [attrs.get("class", "") for tag, attrs in page.tags if tag == "span"]
    for verdict in set(Verdict) | {"not run"}:
        assert "swatch v-%s" % verdict.replace(" ", "-") in legend, verdict


def test_cases_are_grouped_with_group_headers(page: Page, html_text: str) -> None:
    assert page.groups == ["close", "find-prefix-at-end", "producer", "push", "terminator"]
    rows = re.findall(r'<tr class="(group|case)" data-(?:group|case)="([^"]+)"', html_text)
    group = None
    for kind, name in rows:
        if kind == "group":
            group = name
        else:
            assert name.split(".")[0] == group, (name, group)


def test_a_missing_case_shows_as_not_run(page: Page) -> None:
    cell = page.cells[(MISSING_CASE, 2)]
    assert cell["attrs"]["data-verdict"] == "not run"
    assert cell["text"].strip() == "not run"


def test_counts_per_column(page: Page, html_text: str) -> None:
    assert re.findall(r'<div class="counts">([^<]*)</div>', html_text) == [
        "10 pass",
        "1 pass, 1 non-strict, 1 informational, 1 unimplemented, 1 expected-failure, "
        "1 unexpected-pass, 1 fail, 1 timeout, 1 crash, 1 harness-error",
        "8 pass, 1 fail, 1 not run",
        "10 pass",
    ]


def test_a_failure_cell_holds_what_a_maintainer_needs(page: Page) -> None:
    cell = page.cells[(FAILED_CASE, 1)]
    text = cell["text"]
    for fragment in (
        "Statement of %s." % FAILED_CASE,  # the statement
        "async_chat.push",  # the API
        "expected collect_incoming_data(b'<hello>');"
        " observed collect_incoming_data(b'<hello>\\r\\n')",
        "peer sends b'<hello>\\r\\n'",  # a reproduction step
        "from asynchat_conformance import replay",  # the replay snippet
        "replay('alpha', Scenario(steps=(Deliver(data=b'<hello>\\r\\n'),)), view='calls')",
        "- collect_incoming_data(b'<hello>')",  # expected vs observed
        "+ collect_incoming_data(b'<hello>\\r\\n')",
    ):
        assert fragment in text, fragment
    tags = [tag for tag, _ in cell["tags"]]
    assert tags[:2] == ["details", "summary"]
    links = [attrs["href"] for tag, attrs in cell["tags"] if tag == "a"]
    assert links == [
        "#" + cell["attrs"]["id"],  # the link to this very cell
        "https://docs.python.org/3.11/library/asynchat.html#asynchat.async_chat.push",
    ]
    steps = [attrs for tag, attrs in cell["tags"] if tag == "ol"]
    assert steps and steps[0].get("class") == "steps"


def test_every_non_pass_cell_has_its_reason(page: Page) -> None:
    for (case_id, column), cell in page.cells.items():
        verdict = cell["attrs"]["data-verdict"]
        if verdict in (Verdict.PASS, "not run", "fail"):
            continue
        if verdict == "crash":
            assert "RuntimeError: " + HOSTILE in cell["text"]
        else:
            assert "why %s is %s" % (case_id, verdict) in cell["text"], (case_id, column)


def test_everything_from_the_results_is_escaped(html_text: str, page: Page) -> None:
    assert "<script>alert" not in html_text
    assert "&lt;script&gt;alert(&#x27;pwned&#x27;)&lt;/script&gt;" in html_text
    assert "/src/&lt;alpha&gt;.py" in html_text
    # The page's own script is the only one, and the hostile text reads back intact.
    assert len(page.scripts) == 1 and "pwned" not in page.scripts[0]
    assert HOSTILE in page.cells[("terminator.none", 1)]["text"]


def test_the_page_is_self_contained(page: Page, html_text: str) -> None:
    for tag, attrs in page.tags:
        assert "src" not in attrs, (tag, attrs)
        assert tag not in ("link", "iframe", "img", "object", "embed"), tag
        if tag == "a":  # only the API references link out, and only on click; others are anchors
            assert attrs["href"].startswith(("https://docs.python.org/", "#cell-")), attrs
    assert "@import" not in html_text and "url(" not in html_text


# -- summary.md ----------------------------------------------------------------------


def table_rows(summary: str) -> List[List[str]]:
    """The rows of the first table (the counts; "What differs" has its own)."""
    lines = summary.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append(line)
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows]


def test_summary_table_counts_per_verdict_and_gate(summary: str) -> None:
    header, rule, *rows = table_rows(summary)
    assert header == [
        "target",
        "Python",
        "pass",
        "non-strict",
        "informational",
        "unimplemented",
        "expected-failure",
        "unexpected-pass",
        "fail",
        "timeout",
        "crash",
        "harness-error",
        "not run",
        "gate",
    ]
    assert len(rule) == len(header)
    assert rows == [
        ["`alpha`", "CPython 3.9.18"] + ["10"] + ["0"] * 10 + ["conforms (exit 0)"],
        ["`alpha`", "CPython 3.11.7"] + ["1"] * 10 + ["0", "**harness error (exit 3)**"],
        ["`beta`", "CPython 3.9.18", "8"]
        + ["0"] * 5
        + ["1", "0", "0", "0", "1", "**does not conform (exit 1)**"],
        ["`beta`", "CPython 3.11.7"] + ["10"] + ["0"] * 10 + ["conforms (exit 0)"],
    ]


def test_summary_lists_every_non_pass_cell_with_a_one_line_reason(summary: str) -> None:
    listed = re.findall(r"^- `([^`]+)` \*\*([a-z -]+)\*\*: (.+)$", summary, re.M)
    expected = sorted(
        (case_id, verdict) for case_id, verdict in EVERY_VERDICT.items() if verdict != Verdict.PASS
    )
    expected += [("push.empty", "fail"), (MISSING_CASE, "not run")]
    assert sorted((case_id, verdict) for case_id, verdict, _ in listed) == sorted(expected)
    reasons = {(case_id, verdict): reason for case_id, verdict, reason in listed}
    assert reasons[(FAILED_CASE, "fail")] == (
        "`expected collect_incoming_data(b'<hello>');"
        " observed collect_incoming_data(b'<hello>\\r\\n')`"
    )
    assert reasons[("close.peer-resets", "non-strict")] == "`why close.peer-resets is non-strict`"
    sections = re.findall(r"^### (.+)$", summary, re.M)
    assert sections == [
        "`alpha` · CPython 3.11.7: harness error (exit 3)",
        "`beta` · CPython 3.9.18: does not conform (exit 1)",
    ]


def test_summary_is_one_line_per_cell_even_for_multi_line_reasons(summary: str) -> None:
    lines = [line for line in summary.splitlines() if line.startswith("- ")]
    assert len(lines) == 11
    assert not any("\n" in line or len(line) > 300 for line in lines)


# -- merging runs ------------------------------------------------------------------------


def test_a_directory_stands_for_its_json_files(tmp_path: Path) -> None:
    write_documents(tmp_path / "results", sample_documents())
    (tmp_path / "results" / "notes.txt").write_text("not results", encoding="utf-8")
    run = run_report(tmp_path / "results", "-o", tmp_path / "out", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "4 runs x 10 cases" in run.stdout
    assert (tmp_path / "out" / "index.html").is_file() and (
        tmp_path / "out" / "summary.md"
    ).is_file()


def test_two_runs_of_one_column_keep_the_newer(tmp_path: Path) -> None:
    documents = sample_documents()
    rerun = copy.deepcopy(documents["beta-39.json"])
    rerun["started"] = "2026-02-02T00:00:00Z"
    rerun["cases"] = [case_entry(case_id, Verdict.PASS) for case_id in sorted(EVERY_VERDICT)]
    rerun["exit_status"] = 0
    documents["beta-39-rerun.json"] = rerun
    write_documents(tmp_path / "results", documents)
    run = run_report(tmp_path / "results", "-o", tmp_path / "out", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    summary = (tmp_path / "out" / "summary.md").read_text(encoding="utf-8")
    assert "| `beta` | CPython 3.9.18 | 10 |" in summary
    assert "beta-39.json` was replaced by the newer run of the same column" in summary
    page = Page((tmp_path / "out" / "index.html").read_text(encoding="utf-8"))
    assert len(page.columns) == 4


# -- bad input ---------------------------------------------------------------------------


def bad_inputs(tmp_path: Path) -> Dict[str, Path]:
    good = sample_documents()["alpha-39.json"]
    wrong_format = dict(good, format="asynchat-conformance-results/999")
    bad_verdict = copy.deepcopy(good)
    bad_verdict["cases"][0]["verdict"] = "so-so"
    files = {
        "missing": tmp_path / "does-not-exist.json",
        "not-json": tmp_path / "not-json.json",
        "wrong-format": tmp_path / "wrong-format.json",
        "no-format": tmp_path / "no-format.json",
        "bad-verdict": tmp_path / "bad-verdict.json",
        "empty-dir": tmp_path / "empty",
    }
    files["not-json"].write_text("<html>not json</html>", encoding="utf-8")
    files["wrong-format"].write_text(json.dumps(wrong_format), encoding="utf-8")
    files["no-format"].write_text(json.dumps([1, 2, 3]), encoding="utf-8")
    files["bad-verdict"].write_text(json.dumps(bad_verdict), encoding="utf-8")
    files["empty-dir"].mkdir()
    return files


@pytest.mark.parametrize(
    "kind, fragment",
    [
        ("missing", "no such file"),
        ("not-json", "not JSON"),
        ("wrong-format", "asynchat-conformance-results/999"),
        ("no-format", "format None"),
        ("bad-verdict", "so-so"),
        ("empty-dir", "no results files"),
    ],
)
def test_invalid_input_is_exit_2_with_one_line(tmp_path: Path, kind: str, fragment: str) -> None:
    bad = bad_inputs(tmp_path)[kind]
    good = write_documents(tmp_path / "good", sample_documents())
    out = tmp_path / "out"
    run = run_report(good[0], bad, "-o", out, cwd=tmp_path)
    assert run.returncode == 2, (run.stdout, run.stderr)
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("error: ") and str(bad) in lines[0] and fragment in lines[0], lines
    assert "Traceback" not in run.stderr and run.stdout == ""
    assert not out.exists()  # nothing half-written


# -- examples, differences, filter and links --------------------------------------------------


def test_every_failing_example_is_reachable_by_a_readable_name(page: Page) -> None:
    cell = page.cells[(FAILED_CASE, 1)]
    for name in EXAMPLE_NAMES:
        assert name in cell["text"], name
        assert "peer sends %s" % name in cell["text"], name  # its own reproduction
    assert "every example that did not pass (3)" in cell["text"]
    assert "test_terminator_bytes_split[" not in cell["text"]  # no pytest ids as names
    nested = [attrs for tag, attrs in cell["tags"] if tag == "details"]
    assert len(nested) == 1 + len(EXAMPLE_NAMES)  # the cell's, and one per example


def test_each_cell_has_an_anchor_and_only_all_pass_rows_are_filterable(
    page: Page, html_text: str
) -> None:
    ids = [cell["attrs"]["id"] for cell in page.cells.values()]
    assert len(set(ids)) == len(ids) and all(i.startswith("cell-") for i in ids)
    assert page.cells[(FAILED_CASE, 1)]["attrs"]["id"] == "cell-alpha-3.11.7--%s" % FAILED_CASE
    rows = dict(
        (name, kind)
        for kind, name in re.findall(
            r'<tr class="(case all-pass|case)" data-case="([^"]+)"', html_text
        )
    )
    assert rows["close.peer-closes"] == "case all-pass"  # passes in every run
    assert rows[FAILED_CASE] == "case"
    assert '<input type="checkbox" id="not-passing">' in html_text


def test_differences_come_before_the_matrix(html_text: str, summary: str) -> None:
    section = html_text.index('<section class="differences">')
    assert section < html_text.index('<table class="matrix">')
    differences = html_text[section : html_text.index("</section>", section)]
    for fragment in (
        "framing.holdback",
        "A partial terminator at the end of a read is held back.",
        "known: &lt;script&gt;",
        "terminator.bytes.split",
        "expected",
        "queue.empty-push",
        "remove-record",
    ):
        assert fragment in differences, fragment
    assert "## What differs" in summary
    assert summary.index("## What differs") < summary.index("## Cases that did not pass")
    assert "`framing.holdback`" in summary and "remove-record" in summary


def test_a_record_that_changed_says_where(html_text: str, summary: str) -> None:
    """The record as written (with its variant), and the cases where it no
    longer looks as recorded."""
    section = html_text.index('<section class="differences">')
    differences = html_text[section : html_text.index("</section>", section)]
    assert 'class="status-changed"' in differences
    assert "closing.mark-calls-handle-close/close-only" in differences
    assert "changed (no longer as recorded in: close-when-done.nothing-after)" in differences
    assert "`closing.mark-calls-handle-close/close-only`" in summary
    assert "changed (no longer as recorded in: close-when-done.nothing-after)" in summary


def test_one_run_is_one_run(tmp_path: Path) -> None:
    paths = write_documents(tmp_path / "results", {"a.json": sample_documents()["alpha-39.json"]})
    run = run_report(*paths, "-o", tmp_path / "out", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("report of 1 run x 10 cases: "), run.stdout
    assert "1 run × 10 cases." in (tmp_path / "out" / "summary.md").read_text(encoding="utf-8")


def test_a_snippet_made_from_the_reproduction_names_an_out_of_process_interpreter():
    """A results entry whose reason has no snippet gets one from its
    reproduction; out of process, it names the interpreter the target ran
    in (the python block's executable, the harness's being nested)."""
    from asynchat_conformance.report.matrix import Run, replay_snippet

    case = {"reason": "", "reproduction": {"scenario": "Scenario(steps=())", "view": "calls"}}
    python27 = {"version": "2.7.18", "executable": "/opt/py27/bin/python2.7"}
    remote = Run("r.json", {"target": {"name": "alpha"}, "python": dict(python27, harness={})})
    local = Run("l.json", {"target": {"name": "alpha"}, "python": python27})
    assert replay_snippet(case, remote).splitlines()[-1] == (
        "replay('alpha', Scenario(steps=()), view='calls', target_python='/opt/py27/bin/python2.7')"
    )
    assert replay_snippet(case, local).splitlines()[-1] == (
        "replay('alpha', Scenario(steps=()), view='calls')"
    )
