"""``python -m conformance report``: many results files, one matrix.

Reads the JSON documents that ``--results-json`` writes (one per run: one
target on one Python) and writes, into one directory,

* ``index.html``: a self-contained page (inline CSS, a few lines of inline
  JS, nothing fetched) with the cases as rows, grouped by case group, and the
  (target, Python) runs as columns; every cell that is not a pass opens, on
  click, what a maintainer needs: the statement, the API, the reason, the
  reproduction steps, expected against observed calls and a replay snippet;
* ``summary.md``: the counts and gate of every run and one line per case that
  did not pass, for a CI job summary or a README.

Every string from a results file is escaped: reasons hold bytes reprs and
angle brackets.
"""

import difflib
import html
import json
import os
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from itertools import zip_longest
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from .results import EXIT_HARNESS_ERROR, EXIT_NOTHING_RAN, FORMAT
from .verdicts import (
    CRASH, EXPECTED_FAILURE, FAIL, HARNESS_ERROR, INFORMATIONAL, NON_STRICT, ORDER, PASS,
    TIMEOUT, UNEXPECTED_PASS, UNIMPLEMENTED,
)

_LISTED = (PASS, NON_STRICT, INFORMATIONAL, UNIMPLEMENTED, EXPECTED_FAILURE, UNEXPECTED_PASS,
           FAIL, TIMEOUT, CRASH, HARNESS_ERROR)
#: Fine to worst, as a reader scans a legend or a count line (a verdict added
#: to verdicts.py later still shows, before the failing ones).
SHOWN_ORDER = _LISTED + tuple(v for v in reversed(ORDER) if v not in _LISTED)
NOT_RUN = "not run"

MEANINGS = {
    PASS: "behaves as the reference model",
    NON_STRICT: "messages right, call granularity unlike CPython's",
    INFORMATIONAL: "recorded, never judged (CPython is buggy or the behaviour is free)",
    UNIMPLEMENTED: "the target lacks an optional API",
    EXPECTED_FAILURE: "a recorded deviation that still happens",
    UNEXPECTED_PASS: "a recorded deviation that no longer happens: remove the record",
    FAIL: "differs from the reference model",
    TIMEOUT: "did not finish within the case deadline",
    CRASH: "raised out of its loop or constructor, or killed its process",
    HARNESS_ERROR: "the harness broke; says nothing about the target",
    NOT_RUN: "the case is absent from this run's results",
}

GATES = {
    0: "conforms",
    1: "does not conform",
    2: "interrupted",
    EXIT_HARNESS_ERROR: "harness error",
    4: "usage error",
    EXIT_NOTHING_RAN: "nothing ran",
}


class InvalidResults(Exception):
    """An input that is not a readable results file; the message is one line."""


# -- reading ------------------------------------------------------------------------

@dataclass
class Run:
    """One results file: one target on one Python."""

    path: str
    document: Dict[str, Any]
    cases: Dict[str, Dict[str, Any]] = field(default_factory=dict)

    @property
    def target(self) -> Dict[str, Any]:
        return self.document["target"]

    @property
    def python(self) -> Dict[str, Any]:
        return self.document["python"]

    @property
    def target_name(self) -> str:
        return str(self.target["name"])

    @property
    def python_label(self) -> str:
        return "%s %s" % (self.python.get("implementation") or "Python", self.python["version"])

    @property
    def label(self) -> str:
        return "%s · %s" % (self.target_name, self.python_label)

    @property
    def exit_status(self) -> Optional[int]:
        status = self.document.get("exit_status")
        return status if isinstance(status, int) else None

    @property
    def gate(self) -> str:
        status = self.exit_status
        if status is None:
            return "exit status unknown"
        if status not in GATES:
            return "exit status %d" % status
        return "%s (exit %d)" % (GATES[status], status)

    @property
    def identity(self) -> Tuple[str, str, str, str]:
        """Two files with the same identity are two runs of the same column."""
        return (self.target_name, str(self.target.get("version") or ""),
                str(self.python.get("implementation") or ""), str(self.python["version"]))

    @property
    def sort_key(self) -> Tuple[Any, ...]:
        return (self.target_name, _version_key(str(self.python["version"])),
                str(self.python.get("implementation") or ""), str(self.target.get("version") or ""))

    def counts(self, case_ids: Iterable[str]) -> Counter:
        counts: Counter = Counter()
        for case_id in case_ids:
            case = self.cases.get(case_id)
            counts[case["verdict"] if case else NOT_RUN] += 1
        return counts


def _version_key(version: str) -> Tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version)[:3])


def load(path: str) -> Run:
    """Read and check one results file; ``InvalidResults`` says what is wrong."""
    try:
        with open(path, "r", encoding="utf-8") as handle:
            text = handle.read()
    except FileNotFoundError:
        raise InvalidResults("%s: no such file" % path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidResults("%s: cannot read it: %s" % (path, _one_line(str(exc)))) from None
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise InvalidResults("%s: not JSON: %s" % (path, _one_line(str(exc)))) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        found = document.get("format") if isinstance(document, dict) else None
        raise InvalidResults("%s: not a results file of this suite: format %r, expected %r"
                             % (path, found, FORMAT))
    problem = _problem(document)
    if problem:
        raise InvalidResults("%s: invalid results: %s" % (path, problem))
    return Run(path, document, {case["id"]: case for case in document["cases"]})


def _problem(document: Dict[str, Any]) -> Optional[str]:
    """What makes a document of the right format unusable, if anything."""
    target, python = document.get("target"), document.get("python")
    if not isinstance(target, dict) or not isinstance(target.get("name"), str):
        return "no target name"
    if not isinstance(python, dict) or not isinstance(python.get("version"), str):
        return "no Python version"
    cases = document.get("cases")
    if not isinstance(cases, list):
        return "'cases' is not a list"
    seen = set()
    for number, case in enumerate(cases, 1):
        if not isinstance(case, dict) or not isinstance(case.get("id"), str):
            return "case #%d has no id" % number
        if case.get("verdict") not in ORDER:
            return "case %s has verdict %r, not one of %s" % (case["id"], case.get("verdict"),
                                                              ", ".join(SHOWN_ORDER))
        if case["id"] in seen:
            return "case %s appears twice" % case["id"]
        if case.get("reproduction") is not None and not isinstance(case["reproduction"], dict):
            return "case %s has a reproduction that is not an object" % case["id"]
        seen.add(case["id"])
    return None


#: Where results files come from, for the errors that find none.
_HOW_TO_GET_RESULTS = ("a run writes one with `pytest --pyargs conformance --results-json FILE`; "
                       "each tox target environment writes results/ENVNAME.json")


def expand(paths: Sequence[str]) -> List[str]:
    """The files named, with a directory standing for the ``*.json`` in it."""
    files: List[str] = []
    for path in paths:
        if os.path.isdir(path):
            found = sorted(os.path.join(path, name) for name in os.listdir(path)
                           if name.endswith(".json") and os.path.isfile(os.path.join(path, name)))
            if not found:
                raise InvalidResults("%s: no results files (*.json) in it; %s"
                                     % (path, _HOW_TO_GET_RESULTS))
            files += found
        elif not os.path.exists(path) and not path.endswith(".json"):
            raise InvalidResults("%s: no such directory, so no results to report; %s"
                                 % (path, _HOW_TO_GET_RESULTS))
        else:
            files.append(path)
    return files


# -- the matrix ---------------------------------------------------------------------

@dataclass
class Row:
    id: str
    group: str
    #: A case entry (statement, api, reference) from the newest run that has it.
    info: Dict[str, Any]


@dataclass
class Matrix:
    columns: List[Run]
    groups: List[Tuple[str, List[Row]]]
    #: (older run, the newer run of the same column that replaced it).
    superseded: List[Tuple[Run, Run]]

    @property
    def case_ids(self) -> List[str]:
        return [row.id for _, rows in self.groups for row in rows]


def build(runs: Sequence[Run]) -> Matrix:
    latest: Dict[Tuple[str, str, str, str], Run] = {}
    superseded: List[Tuple[Run, Run]] = []
    for run in runs:
        other = latest.get(run.identity)
        if other is None:
            latest[run.identity] = run
            continue
        older, newer = sorted((other, run), key=lambda r: str(r.document.get("started") or ""))
        latest[run.identity] = newer
        superseded.append((older, newer))
    columns = sorted(latest.values(), key=lambda r: r.sort_key)
    infos: Dict[str, Dict[str, Any]] = {}
    for run in sorted(columns, key=lambda r: str(r.document.get("started") or "")):
        infos.update(run.cases)
    by_group: Dict[str, List[Row]] = {}
    for case_id in sorted(infos):
        info = infos[case_id]
        group = str(info.get("group") or case_id.split(".")[0])
        by_group.setdefault(group, []).append(Row(case_id, group, info))
    return Matrix(columns, sorted(by_group.items()), superseded)


# -- what one cell says ------------------------------------------------------------------

def one_line_reason(case: Dict[str, Any], limit: int = 200) -> str:
    """The gist of why a case did not pass, on one line."""
    repro = case.get("reproduction") or {}
    expected, observed = repro.get("expected"), repro.get("observed")
    if isinstance(expected, list) and isinstance(observed, list) and expected != observed:
        for want, got in zip_longest(expected, observed):
            if want != got:
                text = "expected %s; observed %s" % (
                    "nothing more" if want is None else want,
                    "nothing more" if got is None else got)
                return _shorten(text, limit)
    lines = [line.strip() for line in str(case.get("reason") or "").splitlines() if line.strip()]
    header = "[%s]" % case.get("id")
    if len(lines) > 1 and lines[0].startswith(header):
        lines = lines[1:]
    return _shorten(lines[0], limit) if lines else "no reason recorded"


def replay_snippet(case: Dict[str, Any], run: Run) -> str:
    """The replay lines of the failure report, or, failing that, made anew
    from the reproduction."""
    lines = str(case.get("reason") or "").splitlines()
    for number, line in enumerate(lines):
        if line.strip() == "replay in Python:":
            snippet = []
            for text in lines[number + 1:]:
                if not text.strip():
                    break
                snippet.append(text[2:] if text.startswith("  ") else text)
            if snippet:
                return "\n".join(snippet)
    repro = case.get("reproduction") or {}
    if not repro.get("scenario"):
        return ""
    return "\n".join([
        "from conformance.replay import replay",
        "from conformance.scenario import *",
        "replay(%r, %s, view=%r)" % (run.target_name, repro["scenario"], repro.get("view", "calls")),
    ])


def _shorten(text: str, limit: int) -> str:
    text = _one_line(text)
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _one_line(text: str) -> str:
    return " ".join(text.split())


# -- HTML ---------------------------------------------------------------------------

COLOURS = {  # background, text
    PASS: ("#bfe5c0", "#123d14"),
    NON_STRICT: ("#e4f0a0", "#3c4410"),
    INFORMATIONAL: ("#bcdcf7", "#0d3a61"),
    UNIMPLEMENTED: ("#dcdcdc", "#333333"),
    EXPECTED_FAILURE: ("#dec6ef", "#43205c"),
    UNEXPECTED_PASS: ("#ffb86b", "#4a2500"),
    FAIL: ("#e53935", "#ffffff"),
    TIMEOUT: ("#ffe066", "#4a3b00"),
    CRASH: ("#7b1010", "#ffffff"),
    HARNESS_ERROR: ("#263238", "#ffffff"),
    NOT_RUN: ("#ffffff", "#777777"),
}

CSS = """
:root { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; font-size: 14px; color: #1b1b1b; }
body { margin: 1.5rem; }
h1 { font-size: 1.5rem; margin: 0 0 .3rem; }
.meta { color: #555; margin: 0 0 1rem; }
.legend { display: flex; flex-wrap: wrap; gap: .4rem .8rem; margin: 0 0 1rem; padding: 0; list-style: none; }
.legend li { display: flex; align-items: center; gap: .35rem; }
.swatch { display: inline-block; padding: .1rem .4rem; border-radius: 3px; font-size: .85rem; }
.legend .what { color: #555; font-size: .85rem; }
.notes { color: #555; font-size: .85rem; }
table.matrix { border-collapse: separate; border-spacing: 2px; }
.matrix th, .matrix td { vertical-align: top; }
.matrix thead th { background: #f3f3f3; padding: .4rem .5rem; text-align: left; font-weight: normal;
                  min-width: 7rem; }
.matrix thead th.corner { background: transparent; }
.col .target { font-weight: 600; overflow-wrap: anywhere; }
.col .python { color: #444; }
.gate { display: inline-block; margin-top: .2rem; padding: 0 .35rem; border-radius: 3px; font-size: .8rem; }
.gate.ok { background: #bfe5c0; color: #123d14; }
.gate.bad { background: #e53935; color: #fff; }
.col .counts { font-size: .8rem; color: #444; margin-top: .2rem; }
/* The column headers stay in view while the cases scroll by. */
.matrix thead th { position: sticky; top: 0; z-index: 2; }
.matrix thead th:has(details[open]) { z-index: 20; }
tr.group th { text-align: left; padding: .8rem .3rem .2rem; font-size: 1rem; border-bottom: 1px solid #ccc; }
th.case { text-align: left; font-weight: normal; padding: .25rem .5rem .25rem 0; min-width: 16rem;
          max-width: 26rem; }
/* Many runs scroll sideways: the case column and the group names stay put. */
th.case, .matrix thead th.corner { position: sticky; left: 0; z-index: 1; background: #fff; }
.matrix thead th.corner { z-index: 3; }
tr.group th span { position: sticky; left: .3rem; }
th.case code { font-weight: 600; }
th.case .statement { color: #555; font-size: .8rem; }
td.v { padding: .25rem .4rem; border-radius: 3px; font-size: .85rem; white-space: nowrap; }
td.v summary { cursor: pointer; list-style: none; }
td.v summary::-webkit-details-marker { display: none; }
td.v summary::after { content: " \\25B8"; }
td.v details[open] > summary::after { content: " \\25C2"; }
td.v details[open] > summary { outline: 2px solid #1b1b1b; outline-offset: 2px; }
td.v-not-run { border: 1px dashed #bbb; font-style: italic; }
.panel { position: fixed; top: 0; right: 0; bottom: 0; width: min(48rem, 62vw); overflow: auto;
         background: #fff; color: #1b1b1b; white-space: normal; font-size: .9rem;
         box-shadow: -4px 0 18px rgba(0, 0, 0, .25); padding: 1rem 1.3rem 2rem; z-index: 10; }
/* Keep the whole matrix reachable beside an open panel. */
body:has(details.cell[open]) { margin-right: calc(min(48rem, 62vw) + 1rem); }
.panel h2 { font-size: 1.1rem; margin: 0 2.5rem .4rem 0; overflow-wrap: anywhere; }
.panel h3 { font-size: .95rem; margin: 1rem 0 .3rem; }
.panel .close { position: absolute; top: .6rem; right: .8rem; font-size: 1.2rem; cursor: pointer;
                border: 1px solid #ccc; background: #f6f6f6; border-radius: 3px; }
.panel dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem .8rem; margin: .5rem 0; }
.panel dt { color: #555; }
.panel dd { margin: 0; overflow-wrap: anywhere; }
.panel pre { background: #f6f6f6; padding: .5rem .7rem; overflow-x: auto; white-space: pre-wrap;
             overflow-wrap: anywhere; font-size: .82rem; margin: .2rem 0; }
.panel ol { margin: .2rem 0; padding-left: 1.6rem; }
.panel ol code { white-space: pre-wrap; overflow-wrap: anywhere; }
/* A step or trace line can hold kilobytes of bytes repr: scroll it in place. */
.panel ol code, .diff span { display: block; max-height: 7.5em; overflow-y: auto; }
.panel pre.replay, .panel pre.report { max-height: 24em; overflow-y: auto; }
.diff .exp { background: #fde2e2; display: block; }
.diff .obs { background: #dff5df; display: block; }
.diff .same { display: block; }
footer { margin-top: 2rem; color: #777; font-size: .8rem; }
"""

#: Opening one cell's details closes the others; Escape closes it.
JS = """
document.addEventListener("toggle", function (event) {
  var opened = event.target;
  if (!opened.open || !opened.classList || !opened.classList.contains("cell")) return;
  document.querySelectorAll("details.cell[open]").forEach(function (other) {
    if (other !== opened) other.open = false;
  });
}, true);
document.addEventListener("keydown", function (event) {
  if (event.key !== "Escape") return;
  document.querySelectorAll("details.cell[open]").forEach(function (d) { d.open = false; });
});
"""


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _css() -> str:
    rules = []
    for verdict, (background, text) in COLOURS.items():
        css_class = _verdict_class(verdict)
        rules.append(".%s { background: %s; color: %s; }" % (css_class, background, text))
    return CSS + "\n".join(rules) + "\n"


def _verdict_class(verdict: str) -> str:
    return "v-" + re.sub(r"[^a-z0-9-]", "-", verdict.lower())


def _swatch(verdict: str) -> str:
    return '<span class="swatch %s">%s</span>' % (_verdict_class(verdict), _e(verdict))


def _count_line(counts: Counter) -> str:
    parts = ["%d %s" % (counts[v], v) for v in SHOWN_ORDER + (NOT_RUN,) if counts[v]]
    return ", ".join(parts) if parts else "no cases"


def _link(reference: str) -> str:
    """A reference such as ``URL`` or ``URL (name, not in the docs)``, linked."""
    match = re.match(r"(https?://[^\s<>\"']+)(.*)$", reference, re.S)
    if not match:
        return _e(reference)
    return '<a href="%s">%s</a>%s' % (_e(match.group(1)), _e(match.group(1)), _e(match.group(2)))


def _hypothesis(run: Run) -> str:
    settings = run.document.get("hypothesis") or {}
    if not isinstance(settings, dict):
        return str(settings)
    seed = settings.get("seed")
    if settings.get("derandomize"):
        seed_text = "derandomized"
    else:
        seed_text = "seed %s" % seed if seed is not None else "random seed"
    parts = ["profile %s" % (settings.get("profile") or "default"), seed_text]
    if settings.get("max_examples") is not None:
        parts.append("max_examples %s" % settings["max_examples"])
    return ", ".join(parts)


def _run_facts(run: Run) -> List[Tuple[str, str]]:
    """(label, escaped HTML) pairs that describe one run."""
    target = run.target
    version = target.get("version")
    python = run.python
    return [
        ("target", _e(run.target_name) + (" %s" % _e(version) if version else "")),
        ("description", _e(target.get("description") or "")),
        ("Python", _e(run.python_label) + (" (%s)" % _e(python["executable"])
                                           if python.get("executable") else "")),
        ("platform", _e(run.document.get("platform") or "unknown")),
        ("suite version", _e(run.document.get("suite_version") or "unknown")),
        ("Hypothesis", _e(_hypothesis(run))),
        ("exit status", _e(run.gate)),
        ("started", _e(run.document.get("started") or "unknown")),
        ("duration", _e("%ss" % run.document["duration"]) if "duration" in run.document else "unknown"),
        ("results file", _e(run.path)),
    ]


def _dl(facts: Sequence[Tuple[str, str]]) -> str:
    return "<dl>%s</dl>" % "".join("<dt>%s</dt><dd>%s</dd>" % (_e(k), v) for k, v in facts)


def _column_header(run: Run, index: int, counts: Counter) -> str:
    status = run.exit_status
    gate_class = "ok" if status == 0 else "bad"
    return (
        '<th class="col" scope="col" data-column="%d" title="%s">'
        '<div class="target">%s</div><div class="python">%s</div>'
        '<div class="gate %s">%s</div><div class="counts">%s</div>'
        '<details class="cell run"><summary>run</summary><div class="panel" role="dialog">'
        '<button class="close" type="button" aria-label="close" '
        'onclick="this.closest(\'details\').open = false">×</button>'
        '<h2>%s</h2>%s</div></details></th>'
    ) % (index, _e(run.target.get("description") or ""), _e(run.target_name),
         _e(run.python_label), gate_class, _e(run.gate), _e(_count_line(counts)), _e(run.label),
         _dl(_run_facts(run)))


def _diff(expected: Sequence[str], observed: Sequence[str]) -> str:
    lines = []
    for line in difflib.Differ().compare([str(x) for x in expected], [str(x) for x in observed]):
        mark, text = line[:1], line[2:]
        if mark == "?":
            continue
        css_class = {"-": "exp", "+": "obs"}.get(mark, "same")
        lines.append('<span class="%s">%s %s</span>' % (css_class, _e(mark), _e(text)))
    return '<pre class="diff">%s</pre>' % "".join(lines)


def _panel(row: Row, case: Dict[str, Any], run: Run) -> str:
    verdict = case["verdict"]
    info = row.info
    parts = [
        '<button class="close" type="button" aria-label="close" '
        'onclick="this.closest(\'details\').open = false">×</button>',
        "<h2><code>%s</code> %s</h2>" % (_e(row.id), _swatch(verdict)),
        '<p class="statement">%s</p>' % _e(case.get("statement") or info.get("statement") or ""),
        _dl([
            ("run", _e(run.label)),
            ("verdict", "%s — %s" % (_e(verdict), _e(MEANINGS.get(verdict, "")))),
            ("API", "<code>%s</code>" % _e(case.get("api") or info.get("api") or "")),
            ("reference", _link(str(case.get("reference") or info.get("reference") or ""))),
            ("examples", _e(", ".join("%s %s" % (n, v) for v, n in
                                      sorted((case.get("examples") or {}).items())))),
            ("test", "<code>%s</code>" % _e(case.get("nodeid") or "")),
            ("duration", _e("%ss" % case.get("duration", "?"))),
        ]),
        '<h3>reason</h3><pre class="reason">%s</pre>' % _e(one_line_reason(case, limit=10000)),
    ]
    repro = case.get("reproduction") or {}
    steps = repro.get("steps")
    if isinstance(steps, list) and steps:
        parts.append('<h3>reproduction</h3><ol class="steps">%s</ol>'
                     % "".join("<li><code>%s</code></li>" % _e(step) for step in steps))
    expected, observed = repro.get("expected"), repro.get("observed")
    if isinstance(expected, list) and isinstance(observed, list):
        parts.append("<h3>expected (reference model, −) vs observed (target, +), compared as %s</h3>%s"
                     % (_e(repro.get("view") or "calls"), _diff(expected, observed)))
    snippet = replay_snippet(case, run)
    if snippet:
        parts.append('<h3>replay in Python</h3><pre class="replay"><code>%s</code></pre>' % _e(snippet))
    reason = str(case.get("reason") or "")
    if "\n" in reason.strip():
        parts.append('<h3>full report</h3><pre class="report">%s</pre>' % _e(reason))
    return '<div class="panel" role="dialog">%s</div>' % "".join(parts)


def _cell(row: Row, run: Run, column: int) -> str:
    case = run.cases.get(row.id)
    verdict = case["verdict"] if case else NOT_RUN
    attributes = 'class="v %s" data-case="%s" data-column="%d" data-verdict="%s" title="%s"' % (
        _verdict_class(verdict), _e(row.id), column, _e(verdict),
        _e("%s · %s: %s" % (row.id, run.label, verdict)))
    if case is None or verdict == PASS:
        return "<td %s>%s</td>" % (attributes, _e(verdict))
    return '<td %s><details class="cell"><summary>%s</summary>%s</details></td>' % (
        attributes, _e(verdict), _panel(row, case, run))


def render_html(matrix: Matrix, generated: Optional[str] = None) -> str:
    columns = matrix.columns
    case_ids = matrix.case_ids
    generated = generated or time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>asynchat conformance report</title>",
        "<style>%s</style></head><body>" % _css(),
        "<h1>asynchat conformance</h1>",
        '<p class="meta">%d runs × %d cases · generated %s · click a verdict for its details</p>'
        % (len(columns), len(case_ids), _e(generated)),
        '<ul class="legend">%s</ul>' % "".join(
            '<li>%s<span class="what">%s</span></li>' % (_swatch(v), _e(MEANINGS.get(v, "")))
            for v in SHOWN_ORDER + (NOT_RUN,)),
        '<table class="matrix"><thead><tr><th class="corner" scope="col">case</th>',
    ]
    out += [_column_header(run, index, run.counts(case_ids)) for index, run in enumerate(columns)]
    out.append("</tr></thead><tbody>")
    for group, rows in matrix.groups:
        out.append('<tr class="group" data-group="%s"><th colspan="%d" scope="rowgroup"><span>%s</span>'
                   '</th></tr>'
                   % (_e(group), len(columns) + 1, _e(group)))
        for row in rows:
            out.append('<tr class="case" data-case="%s"><th class="case" scope="row"><code>%s</code>'
                       '<div class="statement">%s</div></th>'
                       % (_e(row.id), _e(row.id), _e(row.info.get("statement") or "")))
            out += [_cell(row, run, index) for index, run in enumerate(columns)]
            out.append("</tr>")
    out.append("</tbody></table>")
    notes = ["%s was replaced by the newer run of the same column, %s" % (old.path, new.path)
             for old, new in matrix.superseded]
    if notes:
        out.append('<ul class="notes">%s</ul>' % "".join("<li>%s</li>" % _e(n) for n in notes))
    out.append("<footer>from %s</footer>" % _e(", ".join(run.path for run in columns)))
    out.append("<script>%s</script></body></html>" % JS)
    return "\n".join(out) + "\n"


# -- Markdown -----------------------------------------------------------------------

def _md(text: Any) -> str:
    """Plain text in Markdown (also inside a table cell)."""
    text = re.sub(r"([\\`*\[\]<>|~])", r"\\\1", _one_line(str(text)))
    # An underscore inside a word never emphasises; only one at a word's edge.
    return re.sub(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])", r"\\_", text)


def _md_code(text: Any) -> str:
    text = _one_line(str(text)).replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return "%s%s%s%s%s" % (fence, pad, text, pad, fence)


def render_markdown(matrix: Matrix) -> str:
    columns = matrix.columns
    case_ids = matrix.case_ids
    all_counts = [run.counts(case_ids) for run in columns]
    shown = [v for v in SHOWN_ORDER + (NOT_RUN,)
             if v == PASS or any(counts[v] for counts in all_counts)]
    out = [
        "# asynchat conformance",
        "",
        "%d runs × %d cases." % (len(columns), len(case_ids)),
        "",
        "| target | Python | %s | gate |" % " | ".join(shown),
        "|---|---|%s---|" % ("--:|" * len(shown)),
    ]
    for run, counts in zip(columns, all_counts):
        out.append("| %s | %s | %s | %s |" % (
            _md_code(run.target_name), _md(run.python_label),
            " | ".join(str(counts[v]) for v in shown),
            ("**%s**" % _md(run.gate)) if run.exit_status != 0 else _md(run.gate)))
    out += ["", "## Cases that did not pass", ""]
    listed = False
    for run in columns:
        cells = []
        for case_id in case_ids:
            case = run.cases.get(case_id)
            if case is None:
                cells.append((NOT_RUN, case_id, MEANINGS[NOT_RUN]))
            elif case["verdict"] != PASS:
                cells.append((case["verdict"], case_id, one_line_reason(case)))
        if not cells:
            continue
        listed = True
        rank = {v: n for n, v in enumerate(ORDER + (NOT_RUN,))}
        out += ["### %s · %s: %s" % (_md_code(run.target_name), _md(run.python_label), _md(run.gate)),
                ""]
        for verdict, case_id, reason in sorted(cells, key=lambda c: (rank[c[0]], c[1])):
            out.append("- %s **%s**: %s" % (_md_code(case_id), _md(verdict), _md_code(reason)))
        out.append("")
    if not listed:
        out += ["Every case passed in every run.", ""]
    for old, new in matrix.superseded:
        out.append("Note: %s was replaced by the newer run of the same column, %s."
                   % (_md_code(old.path), _md_code(new.path)))
    return "\n".join(out).rstrip("\n") + "\n"


# -- the command --------------------------------------------------------------------

def write_report(paths: Sequence[str], output: str) -> Tuple[Matrix, List[str]]:
    """Read ``paths`` (files, or directories of ``*.json``) and write the
    report into ``output``; ``InvalidResults`` if an input is unusable."""
    files = expand(paths)
    if not files:
        raise InvalidResults("no results files given")
    matrix = build([load(path) for path in files])
    try:
        os.makedirs(output, exist_ok=True)
        written = []
        for name, text in (("index.html", render_html(matrix)),
                           ("summary.md", render_markdown(matrix))):
            target = os.path.join(output, name)
            with open(target, "w", encoding="utf-8") as handle:
                handle.write(text)
            written.append(target)
    except OSError as exc:
        raise InvalidResults("cannot write the report to %s: %s" % (output, _one_line(str(exc))))
    return matrix, written
