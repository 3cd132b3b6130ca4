"""``python -m asynchat_conformance report``: many results files, one matrix.

Reads the JSON documents that ``--results-json`` writes (one per run: one
target on one Python) and writes, into one directory,

* ``index.html``: a self-contained page (inline CSS, a few lines of inline
  JS, nothing fetched) with the cases as rows, grouped by case group, and the
  (target, Python) runs as columns; every cell that is not a pass opens, on
  click, what a maintainer needs: the statement, the API, the reason, the
  reproduction steps, expected against observed calls and a replay snippet;
* ``summary.md``: the counts and gate of every run and one line per case that
  did not pass, for a CI job summary or a README.

Every string from a results file is escaped, by construction (``element()``
and the ``string.Template`` page in ``templates/``): reasons hold
bytes reprs and angle brackets.
"""

import difflib
import html
import json
import os
import pkgutil
import re
import string
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from ..core.results_schema import FORMAT, InvalidDocument, validate
from ..core.verdicts import ExitStatus, Verdict
from .diff import Record, compare
from .diff_text import headline, side_reasons, side_state, verdicts_moved
from .markdown import md_code, md_text
from .reasons import one_line_reason

_LISTED = (
    Verdict.PASS,
    Verdict.NON_STRICT,
    Verdict.INFORMATIONAL,
    Verdict.UNIMPLEMENTED,
    Verdict.EXPECTED_FAILURE,
    Verdict.UNEXPECTED_PASS,
    Verdict.FAIL,
    Verdict.TIMEOUT,
    Verdict.CRASH,
    Verdict.HARNESS_ERROR,
)
#: Fine to worst, as a reader scans a legend or a count line (a verdict added
#: to verdicts.py later still shows, before the failing ones).
SHOWN_ORDER = _LISTED + tuple(v for v in reversed(Verdict) if v not in _LISTED)
NOT_RUN = "not run"

MEANINGS = {
    Verdict.PASS: "behaves as the reference model",
    Verdict.NON_STRICT: "messages right, call granularity unlike CPython's",
    Verdict.INFORMATIONAL: "recorded, never judged (CPython is buggy or the behaviour is free)",
    Verdict.UNIMPLEMENTED: "the target lacks an optional API",
    Verdict.EXPECTED_FAILURE: "a recorded deviation that still happens",
    Verdict.UNEXPECTED_PASS: "a recorded deviation that no longer happens: remove the record",
    Verdict.FAIL: "differs from the reference model",
    Verdict.TIMEOUT: "did not finish within the case deadline",
    Verdict.CRASH: "raised out of its loop or constructor, or killed its process",
    Verdict.HARNESS_ERROR: "the harness broke; says nothing about the target",
    NOT_RUN: "the case is absent from this run's results",
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
        try:
            return "%s (exit %d)" % (ExitStatus(status).words.lower(), status)
        except ValueError:  # another plugin's code
            return "exit status %d" % status

    @property
    def identity(self) -> Tuple[str, str, str, str]:
        """Two files with the same identity are two runs of the same column."""
        return (
            self.target_name,
            str(self.target.get("version") or ""),
            str(self.python.get("implementation") or ""),
            str(self.python["version"]),
        )

    @property
    def sort_key(self) -> Tuple[Any, ...]:
        return (
            self.target_name,
            _version_key(str(self.python["version"])),
            str(self.python.get("implementation") or ""),
            str(self.target.get("version") or ""),
        )

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
        with open(path, encoding="utf-8") as handle:
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
        raise InvalidResults(
            "%s: not a results file of this suite: format %r, expected %r" % (path, found, FORMAT)
        )
    try:
        validate(document)
    except InvalidDocument as exc:
        raise InvalidResults("%s: invalid results: %s" % (path, exc)) from None
    return Run(path, document, {case["id"]: case for case in document["cases"]})


#: Where results files come from, for the errors that find none.
_HOW_TO_GET_RESULTS = (
    "a run writes one with `pytest --pyargs asynchat_conformance --results-json FILE`; "
    "each tox target environment writes results/ENVNAME.json"
)


def expand(paths: Sequence[str]) -> List[str]:
    """The files named, with a directory standing for the ``*.json`` in it."""
    files: List[str] = []
    for path in paths:
        if os.path.isdir(path):
            found = sorted(
                os.path.join(path, name)
                for name in os.listdir(path)
                if name.endswith(".json") and os.path.isfile(os.path.join(path, name))
            )
            if not found:
                raise InvalidResults(
                    "%s: no results files (*.json) in it; %s" % (path, _HOW_TO_GET_RESULTS)
                )
            files += found
        elif not os.path.exists(path) and not path.endswith(".json"):
            raise InvalidResults(
                "%s: no such directory, so no results to report; %s" % (path, _HOW_TO_GET_RESULTS)
            )
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


def replay_snippet(case: Dict[str, Any], run: Run) -> str:
    """The replay lines of the failure report, or, failing that, made anew
    from the reproduction."""
    lines = str(case.get("reason") or "").splitlines()
    for number, line in enumerate(lines):
        if line.strip() == "replay in Python:":
            snippet = []
            for text in lines[number + 1 :]:
                if not text.strip():
                    break
                snippet.append(text[2:] if text.startswith("  ") else text)
            if snippet:
                return "\n".join(snippet)
    repro = case.get("reproduction") or {}
    if not repro.get("scenario"):
        return ""
    # Out of process, the results' python block is the target's, the harness's within it.
    where = (
        ", target_python=%r" % run.python["executable"]
        if "harness" in run.python and run.python.get("executable")
        else ""
    )
    return "\n".join(
        [
            "from asynchat_conformance import replay",
            "from asynchat_conformance.core.scenario import *",
            "replay(%r, %s, view=%r%s)"
            % (run.target_name, repro["scenario"], repro.get("view", "calls"), where),
        ]
    )


def _shorten(text: str, limit: int) -> str:
    text = _one_line(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _one_line(text: str) -> str:
    return " ".join(text.split())


# -- HTML ---------------------------------------------------------------------------
#
# Escaped by construction: markup is only ever made by ``element()`` (which
# escapes every text and attribute value it is given) or read from the
# package's own templates; text from a results file is never pasted into
# markup by hand.


class Markup(str):
    """HTML that is safe to insert as it is: made by ``element()`` or read
    from the package's templates."""


Content = Any  # str (escaped when inserted), Markup, None (nothing), or a list of these


def _html(content: Content) -> Markup:
    if content is None:
        return Markup("")
    if isinstance(content, Markup):
        return content
    if isinstance(content, (list, tuple)):
        return Markup("".join(_html(part) for part in content))
    return Markup(html.escape(str(content), quote=True))


def element(tag: str, attributes: Optional[Dict[str, Any]] = None, *content: Content) -> Markup:
    """``<tag attributes>content</tag>``; attribute values and text escaped.
    An attribute whose value is ``None`` or ``False`` is left out."""
    attrs = "".join(
        " %s" % name if value is True else ' %s="%s"' % (name, html.escape(str(value), quote=True))
        for name, value in (attributes or {}).items()
        if value is not None and value is not False
    )
    return Markup("<%s%s>%s</%s>" % (tag, attrs, _html(list(content)), tag))


def _template(name: str) -> str:
    data = pkgutil.get_data(__package__, "templates/%s" % name)
    if data is None:
        raise InvalidResults("the report template %s is missing from the package" % name)
    return data.decode("utf-8")


def _page(**parts: Content) -> str:
    """The page template with its ``$name`` slots filled, each value escaped
    unless it is ``Markup``."""
    return string.Template(_template("index.html")).substitute(
        {name: _html(value) for name, value in parts.items()}
    )


COLOURS = {  # background, text
    Verdict.PASS: ("#bfe5c0", "#123d14"),
    Verdict.NON_STRICT: ("#e4f0a0", "#3c4410"),
    Verdict.INFORMATIONAL: ("#bcdcf7", "#0d3a61"),
    Verdict.UNIMPLEMENTED: ("#dcdcdc", "#333333"),
    Verdict.EXPECTED_FAILURE: ("#dec6ef", "#43205c"),
    Verdict.UNEXPECTED_PASS: ("#ffb86b", "#4a2500"),
    Verdict.FAIL: ("#e53935", "#ffffff"),
    Verdict.TIMEOUT: ("#ffe066", "#4a3b00"),
    Verdict.CRASH: ("#7b1010", "#ffffff"),
    Verdict.HARNESS_ERROR: ("#263238", "#ffffff"),
    NOT_RUN: ("#ffffff", "#777777"),
}


def _css() -> Markup:
    rules = [
        ".%s { background: %s; color: %s; }" % (_verdict_class(verdict), background, text)
        for verdict, (background, text) in COLOURS.items()
    ]
    return Markup(_template("report.css") + "\n".join(rules) + "\n")


def _verdict_class(verdict: str) -> str:
    return "v-" + re.sub(r"[^a-z0-9-]", "-", verdict.lower())


def _swatch(verdict: str) -> Markup:
    return element("span", {"class": "swatch %s" % _verdict_class(verdict)}, verdict)


def _count_line(counts: Counter) -> str:
    parts = ["%d %s" % (counts[v], v) for v in SHOWN_ORDER + (NOT_RUN,) if counts[v]]
    return ", ".join(parts) if parts else "no cases"


def _link(reference: str) -> Content:
    """A reference such as ``URL`` or ``URL (name, not in the docs)``, linked."""
    match = re.match(r"(https?://[^\s<>\"']+)(.*)$", reference, re.S)
    if not match:
        return reference
    return [element("a", {"href": match.group(1)}, match.group(1)), match.group(2)]


def _hypothesis(run: Run) -> str:
    settings = run.document.get("hypothesis") or {}
    seed = settings.get("seed")
    if settings.get("derandomize"):
        seed_text = "derandomized"
    else:
        seed_text = "seed %s" % seed if seed is not None else "random seed"
    parts = ["profile %s" % (settings.get("profile") or "default"), seed_text]
    if settings.get("max_examples") is not None:
        parts.append("max_examples %s" % settings["max_examples"])
    return ", ".join(parts)


def _run_facts(run: Run) -> List[Tuple[str, Content]]:
    target = run.target
    version = target.get("version")
    python = run.python
    return [
        ("target", run.target_name + (" %s" % version if version else "")),
        ("description", target.get("description") or ""),
        ("channels built as", target.get("built_as") or "unknown"),
        (
            "Python",
            run.python_label + (" (%s)" % python["executable"] if python.get("executable") else ""),
        ),
        ("platform", run.document.get("platform") or "unknown"),
        ("suite version", run.document.get("suite_version") or "unknown"),
        ("Hypothesis", _hypothesis(run)),
        ("exit status", run.gate),
        ("started", run.document.get("started") or "unknown"),
        ("duration", "%ss" % run.document["duration"] if "duration" in run.document else "unknown"),
        ("results file", run.path),
    ]


def _dl(facts: Sequence[Tuple[str, Content]]) -> Markup:
    return element("dl", None, [[element("dt", None, k), element("dd", None, v)] for k, v in facts])


def _close_button() -> Markup:
    return element(
        "button",
        {
            "class": "close",
            "type": "button",
            "aria-label": "close",
            "onclick": "this.closest('details').open = false",
        },
        "×",
    )


def _column_header(run: Run, index: int, counts: Counter) -> Markup:
    return element(
        "th",
        {
            "class": "col",
            "scope": "col",
            "data-column": index,
            "title": run.target.get("description") or "",
        },
        element("div", {"class": "target"}, run.target_name),
        element("div", {"class": "python"}, run.python_label),
        element(
            "div",
            {"class": "gate %s" % ("ok" if run.exit_status == ExitStatus.CONFORMS else "bad")},
            run.gate,
        ),
        element("div", {"class": "counts"}, _count_line(counts)),
        element(
            "details",
            {"class": "cell run"},
            element("summary", None, "run"),
            element(
                "div",
                {"class": "panel", "role": "dialog"},
                _close_button(),
                element("h2", None, run.label),
                _dl(_run_facts(run)),
            ),
        ),
    )


def _diff(expected: Sequence[str], observed: Sequence[str]) -> Markup:
    lines = []
    for line in difflib.Differ().compare([str(x) for x in expected], [str(x) for x in observed]):
        mark, text = line[:1], line[2:]
        if mark == "?":
            continue
        lines.append(
            element(
                "span",
                {"class": {"-": "exp", "+": "obs"}.get(mark, "same")},
                "%s %s" % (mark, text),
            )
        )
    return element("pre", {"class": "diff"}, lines)


def _reproduction(repro: Dict[str, Any], snippet: str) -> List[Markup]:
    """Steps, expected against observed, and the replay snippet."""
    parts = []
    steps = repro.get("steps")
    if isinstance(steps, list) and steps:
        parts.append(element("h3", None, "reproduction"))
        parts.append(
            element(
                "ol",
                {"class": "steps"},
                [element("li", None, element("code", None, step)) for step in steps],
            )
        )
    elif repro.get("last_step"):
        parts.append(element("h3", None, "last step reached"))
        parts.append(
            element(
                "pre",
                {"class": "reason"},
                "%s (%s)" % (repro["last_step"], repro.get("ended") or ""),
            )
        )
    expected, observed = repro.get("expected"), repro.get("observed")
    if isinstance(expected, list) and isinstance(observed, list):
        parts.append(
            element(
                "h3",
                None,
                "expected (reference model, −) vs observed (target, +), "
                "compared as %s" % (repro.get("view") or "calls"),
            )
        )
        parts.append(_diff(expected, observed))
    if snippet:
        parts.append(element("h3", None, "replay in Python"))
        parts.append(element("pre", {"class": "replay"}, element("code", None, snippet)))
    return parts


def example_name(example: Dict[str, Any]) -> str:
    """What to call one example: its recorded name, else its test's parameters."""
    name = example.get("name")
    if name:
        return str(name)
    nodeid = str(example.get("nodeid") or "")
    return nodeid.rpartition("[")[2].rstrip("]") if "[" in nodeid else "the case's scenario"


def _examples(case: Dict[str, Any], run: Run) -> List[Markup]:
    """Every example that did not pass, each with its own reproduction."""
    examples = list(case.get("failing_examples") or [])
    if len(examples) < 2:
        return []
    items = []
    for number, example in enumerate(examples, 1):
        repro = example.get("reproduction") or {}
        items.append(
            element(
                "details",
                {"class": "example"},
                element(
                    "summary",
                    None,
                    "%d. " % number,
                    _swatch(str(example.get("verdict"))),
                    " ",
                    element("span", {"class": "example-name"}, example_name(example)),
                    " — ",
                    one_line_reason(dict(example, id=case["id"]), limit=160),
                ),
                _reproduction(repro, replay_snippet(dict(example, id=case["id"]), run)),
            )
        )
    return [
        element("h3", None, "every example that did not pass (%d)" % len(examples)),
        element("div", {"class": "examples"}, items),
    ]


def cell_id(row_id: str, run: Run) -> str:
    """The anchor of one cell: stable across reports of the same runs."""
    return "cell-%s--%s" % (
        re.sub(r"[^A-Za-z0-9.]+", "-", "%s-%s" % (run.target_name, run.python["version"])).strip(
            "-"
        ),
        row_id,
    )


def _panel(row: Row, case: Dict[str, Any], run: Run) -> Markup:
    verdict = case["verdict"]
    info = row.info
    examples = case.get("examples") or {}
    worst: Dict[str, Any] = next(iter(case.get("failing_examples") or []), {})
    reason = str(case.get("reason") or "")
    parts: List[Content] = [
        _close_button(),
        element(
            "h2",
            None,
            element("code", None, row.id),
            " ",
            _swatch(verdict),
            element(
                "a", {"class": "permalink", "href": "#" + cell_id(row.id, run)}, "link to this cell"
            ),
        ),
        element("p", {"class": "statement"}, case.get("statement") or info.get("statement") or ""),
        _dl(
            [
                ("run", run.label),
                ("verdict", "%s — %s" % (verdict, MEANINGS.get(verdict, ""))),
                ("API", element("code", None, case.get("api") or info.get("api") or "")),
                ("reference", _link(str(case.get("reference") or info.get("reference") or ""))),
                ("examples", ", ".join("%s %s" % (n, v) for v, n in sorted(examples.items()))),
                (
                    "example shown",
                    element(
                        "span",
                        {"title": case.get("nodeid") or ""},
                        example_name(worst)
                        if worst
                        else example_name({"nodeid": case.get("nodeid")}),
                    ),
                ),
                ("duration", "%ss" % case.get("duration", "?")),
            ]
        ),
        element("h3", None, "reason"),
        element("pre", {"class": "reason"}, one_line_reason(case, limit=10000)),
    ]
    parts += _reproduction(case.get("reproduction") or {}, replay_snippet(case, run))
    parts += _examples(case, run)
    if "\n" in reason.strip():
        parts += [element("h3", None, "full report"), element("pre", {"class": "report"}, reason)]
    return element("div", {"class": "panel", "role": "dialog"}, parts)


def _cell(row: Row, run: Run, column: int) -> Markup:
    case = run.cases.get(row.id)
    verdict = case["verdict"] if case else NOT_RUN
    attributes = {
        "class": "v %s" % _verdict_class(verdict),
        "id": cell_id(row.id, run),
        "data-case": row.id,
        "data-column": column,
        "data-verdict": verdict,
        "title": "%s · %s: %s" % (row.id, run.label, verdict),
    }
    if case is None or verdict == Verdict.PASS:
        return element("td", attributes, verdict)
    return element(
        "td",
        attributes,
        element(
            "details", {"class": "cell"}, element("summary", None, verdict), _panel(row, case, run)
        ),
    )


def _differences(columns: Sequence[Run]) -> Content:
    """What the recorded deviations say differs, per run, before the matrix."""
    tables = []
    for run in columns:
        found = list(run.document.get("differences") or [])
        if not found:
            continue
        rows = [
            element(
                "tr",
                {"class": "status-%s" % re.sub(r"[^a-z0-9-]", "-", str(d.get("status", "")))},
                element("td", None, element("code", None, _recorded_as(d))),
                element("td", None, d.get("sentence") or "the whole case"),
                element("td", None, d.get("reason") or ""),
                element("td", None, ", ".join(d.get("cases") or []) or "none"),
                element("td", None, _status_words(d)),
            )
            for d in found
        ]
        tables.append(
            [
                element("h3", None, run.label),
                element(
                    "table",
                    {"class": "differences"},
                    element(
                        "thead",
                        None,
                        element(
                            "tr",
                            None,
                            [
                                element("th", {"scope": "col"}, name)
                                for name in (
                                    "rule",
                                    "what it says",
                                    "why it differs (the record)",
                                    "cases that witness it",
                                    "status",
                                )
                            ],
                        ),
                    ),
                    element("tbody", None, rows),
                ),
            ]
        )
    if not tables:
        return None
    return element("section", {"class": "differences"}, element("h2", None, "What differs"), tables)


def compared_pairs(columns: Sequence[Run]) -> List[Tuple[Run, Run]]:
    """The runs the report compares, as a user moving between ports would:
    each two of different targets on the same Python (major.minor), or the
    two runs given when they are of different targets on different Pythons."""
    if len(columns) == 2 and columns[0].target_name != columns[1].target_name:
        return [(columns[0], columns[1])]
    return [
        (a, b)
        for i, a in enumerate(columns)
        for b in columns[i + 1 :]
        if a.target_name != b.target_name
        and _version_key(str(a.python["version"]))[:2] == _version_key(str(b.python["version"]))[:2]
    ]


def _migration(old: Run, new: Run) -> Markup:
    """One comparison, folded: what changes from ``old`` to ``new``."""
    comparison = compare(old.document, new.document, old.path, new.path)
    parts: List[Content] = []
    if comparison.behaviours:
        parts.append(
            _table(
                ("rule", "what it says", "change", old.label, new.label),
                [
                    (
                        element("code", None, item.rule),
                        item.sentence,
                        item.change + ("" if item.judged else " (free, not judged)"),
                        _record_cell(item.old),
                        _record_cell(item.new),
                    )
                    for item in comparison.behaviours
                ],
            )
        )
    for title, changes in (
        ("cases whose verdict changes", comparison.verdicts),
        ("informational cases that differ (never judged)", comparison.informational),
    ):
        if changes:
            parts.append(element("h4", None, title))
            parts.append(
                _table(
                    ("case", "verdict", "why, in " + old.label, "why, in " + new.label),
                    [
                        (
                            element("code", None, c.case),
                            verdicts_moved(c),
                            c.old_reason,
                            c.new_reason,
                        )
                        for c in changes
                    ],
                )
            )
    return element(
        "details",
        {"class": "migration"},
        element("summary", None, "%s → %s: %s" % (old.label, new.label, headline(comparison))),
        parts or element("p", None, "Nothing differs."),
    )


def _record_cell(records: Sequence[Record]) -> Content:
    reasons = side_reasons(records)
    return [
        element("div", None, side_state(records)),
        element("div", {"class": "why"}, reasons) if reasons else None,
    ]


def _table(headers: Sequence[str], rows: Sequence[Sequence[Content]]) -> Markup:
    return element(
        "table",
        {"class": "differences"},
        element(
            "thead",
            None,
            element("tr", None, [element("th", {"scope": "col"}, name) for name in headers]),
        ),
        element(
            "tbody",
            None,
            [element("tr", None, [element("td", None, cell) for cell in row]) for row in rows],
        ),
    )


def _migrations(columns: Sequence[Run]) -> Content:
    """What changes from one target to another (``diff``), per pair of runs."""
    pairs = compared_pairs(columns)
    if not pairs:
        return None
    return element(
        "section",
        {"class": "differences migrations"},
        element("h2", None, "What changes from one target to another"),
        element(
            "p",
            None,
            "As ",
            element("code", None, "python -m asynchat_conformance diff OLD.json NEW.json"),
            " says it, for runs of different targets: each two on the same "
            "Python, or the only two given. Click one to open it.",
        ),
        [_migration(old, new) for old, new in pairs],
    )


def render_html(matrix: Matrix, generated: Optional[str] = None) -> str:
    columns = matrix.columns
    case_ids = matrix.case_ids
    generated = generated or time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    body: List[Markup] = [
        element(
            "thead",
            None,
            element(
                "tr",
                None,
                element("th", {"class": "corner", "scope": "col"}, "case"),
                [
                    _column_header(run, index, run.counts(case_ids))
                    for index, run in enumerate(columns)
                ],
            ),
        )
    ]
    rows: List[Markup] = []
    for group, group_rows in matrix.groups:
        group_passes = all(_all_pass(row, columns) for row in group_rows)
        rows.append(
            element(
                "tr",
                {"class": "group all-pass" if group_passes else "group", "data-group": group},
                element(
                    "th",
                    {"colspan": len(columns) + 1, "scope": "rowgroup"},
                    element("span", None, group),
                ),
            )
        )
        for row in group_rows:
            rows.append(
                element(
                    "tr",
                    {
                        "class": "case all-pass" if _all_pass(row, columns) else "case",
                        "data-case": row.id,
                    },
                    element(
                        "th",
                        {"class": "case", "scope": "row"},
                        element("code", None, row.id),
                        element("div", {"class": "statement"}, row.info.get("statement") or ""),
                    ),
                    [_cell(row, run, index) for index, run in enumerate(columns)],
                )
            )
    body.append(element("tbody", None, rows))
    notes = [
        "%s was replaced by the newer run of the same column, %s" % (old.path, new.path)
        for old, new in matrix.superseded
    ]
    return _page(
        css=_css(),
        js=Markup(_template("report.js")),
        meta=element(
            "p",
            {"class": "meta"},
            "%s × %s · generated %s · click a verdict "
            "for its details"
            % (_plural(len(columns), "run"), _plural(len(case_ids), "case"), generated),
        ),
        controls=element(
            "p",
            {"class": "controls"},
            element(
                "label",
                None,
                element("input", {"type": "checkbox", "id": "not-passing"}),
                " not passing only (hide the cases that passed in every run)",
            ),
        ),
        legend=element(
            "ul",
            {"class": "legend"},
            [
                element(
                    "li", None, _swatch(v), element("span", {"class": "what"}, MEANINGS.get(v, ""))
                )
                for v in SHOWN_ORDER + (NOT_RUN,)
            ],
        ),
        differences=_differences(columns),
        migrations=_migrations(columns),
        matrix=element("table", {"class": "matrix"}, body),
        notes=element("ul", {"class": "notes"}, [element("li", None, n) for n in notes])
        if notes
        else None,
        footer=element("footer", None, "from %s" % ", ".join(run.path for run in columns)),
    )


def _plural(count: int, noun: str) -> str:
    return "%d %s%s" % (count, noun, "" if count == 1 else "s")


def _all_pass(row: Row, columns: Sequence[Run]) -> bool:
    return all((run.cases.get(row.id) or {}).get("verdict") == Verdict.PASS for run in columns)


# -- Markdown -----------------------------------------------------------------------


def render_markdown(matrix: Matrix) -> str:
    columns = matrix.columns
    case_ids = matrix.case_ids
    all_counts = [run.counts(case_ids) for run in columns]
    shown = [
        v
        for v in SHOWN_ORDER + (NOT_RUN,)
        if v == Verdict.PASS or any(counts[v] for counts in all_counts)
    ]
    out = [
        "# asynchat conformance",
        "",
        "%s × %s." % (_plural(len(columns), "run"), _plural(len(case_ids), "case")),
        "",
        "| target | Python | %s | gate |" % " | ".join(shown),
        "|---|---|%s---|" % ("--:|" * len(shown)),
    ]
    for run, counts in zip(columns, all_counts):
        out.append(
            "| %s | %s | %s | %s |"
            % (
                md_code(run.target_name),
                md_text(run.python_label),
                " | ".join(str(counts[v]) for v in shown),
                ("**%s**" % md_text(run.gate))
                if run.exit_status != ExitStatus.CONFORMS
                else md_text(run.gate),
            )
        )
    out += _markdown_differences(columns)
    out += ["", "## Cases that did not pass", ""]
    listed = False
    for run in columns:
        cells = []
        for case_id in case_ids:
            case = run.cases.get(case_id)
            if case is None:
                cells.append((NOT_RUN, case_id, MEANINGS[NOT_RUN]))
            elif case["verdict"] != Verdict.PASS:
                cells.append((case["verdict"], case_id, one_line_reason(case)))
        if not cells:
            continue
        listed = True
        rank: Dict[str, int] = {v: v.rank for v in Verdict}
        rank[NOT_RUN] = len(rank)
        out += [
            "### %s · %s: %s"
            % (md_code(run.target_name), md_text(run.python_label), md_text(run.gate)),
            "",
        ]
        for verdict, case_id, reason in sorted(cells, key=lambda c: (rank[c[0]], c[1])):
            out.append("- %s **%s**: %s" % (md_code(case_id), md_text(verdict), md_code(reason)))
        out.append("")
    if not listed:
        out += ["Every case passed in every run.", ""]
    for old, new in matrix.superseded:
        out.append(
            "Note: %s was replaced by the newer run of the same column, %s."
            % (md_code(old.path), md_code(new.path))
        )
    return "\n".join(out).rstrip("\n") + "\n"


def _markdown_differences(columns: Sequence[Run]) -> List[str]:
    """What the recorded deviations say differs, per run (when a results
    file has a ``differences`` list)."""
    out: List[str] = []
    for run in columns:
        found = list(run.document.get("differences") or [])
        if not found:
            continue
        if not out:
            out += [
                "",
                "## What differs",
                "",
                "| run | rule | what it says | why it differs | cases | status |",
                "|---|---|---|---|---|---|",
            ]
        for item in found:
            out.append(
                "| %s · %s | %s | %s | %s | %s | %s |"
                % (
                    md_code(run.target_name),
                    md_text(run.python_label),
                    md_code(_recorded_as(item)),
                    md_text(item.get("sentence") or "the whole case"),
                    md_text(item.get("reason") or ""),
                    ", ".join(md_code(c) for c in item.get("cases") or []) or "none",
                    md_text(_status_words(item)),
                )
            )
    return out


def _recorded_as(item: Dict[str, Any]) -> str:
    """The record as written: ``rule/variant``, or the case id."""
    name = str(item.get("rule") or item.get("id") or "")
    return "%s/%s" % (name, item["variant"]) if item.get("variant") else name


def _status_words(item: Dict[str, Any]) -> str:
    """A record's status, with where it changed or why it was not exercised."""
    status = str(item.get("status") or "")
    # Results files written before reference_in existed listed those cases
    # in changed_in, a record to remove having no other.
    reference_in = item.get("reference_in") or (
        item.get("changed_in") if status == "remove-record" else None
    )
    changed_in = item.get("changed_in") if status != "remove-record" else None
    where = []
    if changed_in:
        where.append("no longer as recorded in: %s" % ", ".join(changed_in))
    if reference_in:
        where.append("behaves as the reference in: %s" % ", ".join(reference_in))
    if where:
        return "%s (%s)" % (status, "; ".join(where))
    if item.get("why"):
        return "%s (%s)" % (status, item["why"])
    return status


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
        for name, text in (
            ("index.html", render_html(matrix)),
            ("summary.md", render_markdown(matrix)),
        ):
            target = os.path.join(output, name)
            with open(target, "w", encoding="utf-8") as handle:
                handle.write(text)
            written.append(target)
    except OSError as exc:
        raise InvalidResults(
            "cannot write the report to %s: %s" % (output, _one_line(str(exc)))
        ) from exc
    return matrix, written
