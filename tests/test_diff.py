"""``python -m asynchat_conformance diff OLD.json NEW.json`` on recorded results
files (tests/diff_results/, small files of the results schema): what it lists,
how it exits, and the comparison underneath on documents changed by hand.

The recorded files: ``oldport`` (a recorded rule, an expected failure, three
informational cases), ``oldport-again`` (the same behaviour measured again:
times and a measured figure differ), ``newport`` (the rule not recorded and
its case passing, another case failing), ``otherport-informational`` (only an
informational case observes something else), ``no-verdict`` (a case without
its verdict: not a results file).
"""

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

from asynchat_conformance.__main__ import main
from asynchat_conformance.report.diff import compare, rule_of
from asynchat_conformance.report.diff_text import render_markdown
from asynchat_conformance.report.matrix import build, compared_pairs, load, write_report
from asynchat_reference.rules import RULES

RECORDED = Path(__file__).parent / "diff_results"
CLOSE = "closing.mark-calls-handle-close"


def recorded(name: str) -> str:
    return str(RECORDED / ("%s.json" % name))


def document(name: str) -> Dict[str, Any]:
    return copy.deepcopy(load(recorded(name)).document)


def run_diff(capsys: Any, *args: str) -> Tuple[int, str, str]:
    status = main(["diff", *args])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.unit
def test_the_recorded_files_are_results_files() -> None:
    for name in ("oldport", "oldport-again", "newport", "otherport-informational"):
        assert load(recorded(name)).cases


@pytest.mark.unit
def test_the_same_behaviour_measured_twice_changes_nothing(capsys: Any) -> None:
    status, out, err = run_diff(capsys, recorded("oldport"), recorded("oldport-again"))
    assert status == 0, out + err
    assert "behaviours that change, by rule: none" in out
    assert "cases whose verdict changes: none" in out
    assert "informational" not in out  # a measured figure that varies is no observation
    assert out.rstrip().endswith("no judged behaviour changes (exit status 0)")


@pytest.mark.unit
def test_a_changed_verdict_and_rule_are_listed_with_their_reasons(capsys: Any) -> None:
    status, out, err = run_diff(capsys, recorded("oldport"), recorded("newport"))
    assert status == 1, out + err
    lines = out.splitlines()
    assert lines[:2] == [
        "old: oldport 1.0 (Python 3.11.7)  [%s]" % recorded("oldport"),
        "new: newport 2.0 (Python 3.12.1)  [%s]" % recorded("newport"),
    ]
    rule_at = lines.index("  %s: recorded in the old run only" % CLOSE)
    assert lines[rule_at + 1].strip() == RULES[CLOSE].sentence
    assert "why: close_when_done() ends in close(); handle_close() is never called." in out
    assert "new: no record" in lines[rule_at + 4]
    at = lines.index("cases whose verdict changes (2):")
    assert [line.split() for line in lines[at + 1 : at + 5]] == [
        ["close-when-done.flushes-first", "expected-failure", "->", "pass"],
        "old: differs where rule closing.mark-calls-handle-close applies, as recorded".split(),
        ["push.empty", "pass", "->", "fail"],
        "new: expected peer received b'after'; observed peer received b''".split(),
    ]
    assert out.rstrip().endswith("1 behaviour and 2 case verdicts change (exit status 1)")


@pytest.mark.unit
def test_the_other_way_round_the_rule_is_recorded_in_the_new_run_only(capsys: Any) -> None:
    status, out, _ = run_diff(capsys, recorded("newport"), recorded("oldport"))
    assert status == 1
    assert "  %s: recorded in the new run only" % CLOSE in out
    assert "push.empty                           fail -> pass" in out


@pytest.mark.unit
def test_informational_differences_are_apart_and_judge_nothing(capsys: Any) -> None:
    status, out, err = run_diff(capsys, recorded("oldport"), recorded("otherport-informational"))
    assert status == 0, out + err
    assert "cases whose verdict changes: none" in out
    at = out.splitlines().index("informational cases that differ, never judged (1):")
    assert out.splitlines()[at + 1 : at + 4] == [
        "  push.empty-send                      informational, observed differently",
        "      old: behaves as the reference",
        "      new: expected send() offered 4 bytes; observed send() offered 0 bytes",
    ]


@pytest.mark.unit
@pytest.mark.parametrize(
    "name, message",
    [
        (
            "no-verdict",
            "no-verdict.json: invalid results: "
            "cases[close-when-done.flushes-first].verdict: missing",
        ),
        ("absent", "absent.json: no such file"),
    ],
)
def test_an_unusable_file_exits_2_naming_it(capsys: Any, name: str, message: str) -> None:
    for args in ((recorded("oldport"), recorded(name)), (recorded(name), recorded("oldport"))):
        status, out, err = run_diff(capsys, *args)
        assert (status, out) == (2, "")
        assert err.startswith("error: ") and err.rstrip().endswith(message), err


@pytest.mark.unit
def test_a_file_that_is_not_json_exits_2(capsys: Any, tmp_path: Path) -> None:
    broken = tmp_path / "cut.json"
    broken.write_text(Path(recorded("oldport")).read_text()[:200])
    status, out, err = run_diff(capsys, recorded("oldport"), str(broken))
    assert (status, out) == (2, "")
    assert "cut.json: not JSON" in err


@pytest.mark.unit
def test_markdown_for_a_pull_request(capsys: Any) -> None:
    status, out, _ = run_diff(
        capsys, "--format", "markdown", recorded("oldport"), recorded("newport")
    )
    assert status == 1
    lines = out.splitlines()
    assert lines[0] == (
        "## asynchat conformance: `oldport 1.0` (Python 3.11.7) → `newport 2.0` (Python 3.12.1)"
    )
    assert "**1 behaviour and 2 case verdicts change** (`diff` exit status 1)." in lines
    rule_rows = [line for line in lines if line.startswith("| `%s`" % CLOSE)]
    assert len(rule_rows) == 1 and "recorded in the old run only" in rule_rows[0]
    assert (
        "| `push.empty` | pass | fail |  | `expected peer received b'after'; "
        "observed peer received b''` |" in lines
    )


@pytest.mark.unit
def test_markdown_cells_hold_pipes_and_backticks_from_reasons() -> None:
    old, new = document("oldport"), document("newport")
    new["cases"][4]["reproduction"]["observed"] = ["peer received b'a|b`c'"]
    text = render_markdown(compare(old, new))
    row = next(line for line in text.splitlines() if line.startswith("| `push.empty`"))
    assert row.count(" | ") == 4  # five cells: the pipe in the reason is escaped
    assert "``expected peer received b'after'; observed peer received b'a\\|b`c'``" in row


def _records(change: Any) -> List[Tuple[str, str]]:
    return [(r.id, r.status) for r in change.old] + [(r.id, r.status) for r in change.new]


@pytest.mark.unit
def test_a_record_id_with_a_variant_counts_for_its_rule_and_a_status_is_opaque() -> None:
    old, new = document("oldport"), document("oldport")
    new["differences"][0]["id"] = CLOSE + "/never-calls"
    (change,) = compare(old, new).behaviours
    assert (change.rule, change.change, change.judged) == (
        CLOSE,
        "recorded as another variant",
        True,
    )
    assert _records(change) == [(CLOSE, "expected"), (CLOSE + "/never-calls", "expected")]
    assert rule_of(CLOSE + "/never-calls") == CLOSE

    new = document("oldport")
    new["differences"][0]["status"] = "changed"  # a status this module has never heard of
    (change,) = compare(old, new).behaviours
    assert change.change == "status changes" and _records(change)[1] == (CLOSE, "changed")
    assert compare(old, new).exit_status == 1


@pytest.mark.unit
def test_a_record_found_in_one_run_only() -> None:
    old, new = document("oldport"), document("oldport")
    new["differences"][0].update(cases=[], status="not-exercised")
    assert [c.change for c in compare(old, new).behaviours] == ["found in the old run only"]
    assert [c.change for c in compare(new, old).behaviours] == ["found in the new run only"]


@pytest.mark.unit
def test_a_free_rule_recorded_differently_is_not_judged() -> None:
    free = next(rule_id for rule_id, rule in sorted(RULES.items()) if rule.free)
    old, new = document("oldport"), document("oldport")
    new["differences"].append(dict(new["differences"][0], id=free, sentence=""))
    comparison = compare(old, new)
    (change,) = comparison.behaviours
    assert (change.rule, change.judged, change.sentence) == (free, False, RULES[free].sentence)
    assert (comparison.changed, comparison.exit_status) == (False, 0)


@pytest.mark.unit
def test_a_case_one_run_lacks_is_not_run_there() -> None:
    old, new = document("oldport"), document("oldport")
    del new["cases"][-1]  # terminator.bytes.split, a pass
    del new["cases"][1]  # find-prefix-at-end.empty-needle, informational
    comparison = compare(old, new)
    assert [(c.case, c.old, c.new) for c in comparison.verdicts] == [
        ("terminator.bytes.split", "pass", "not run")
    ]
    assert comparison.verdicts[0].new_reason == "the case is absent from this run's results"
    assert [(c.case, c.new) for c in comparison.informational] == [
        ("find-prefix-at-end.empty-needle", "not run")
    ]


@pytest.mark.unit
def test_an_informational_case_unimplemented_in_the_other_run_is_apart() -> None:
    old, new = document("oldport"), document("oldport")
    for entry in new["cases"]:
        if entry["id"] in ("find-prefix-at-end.empty-needle", "push.empty"):
            entry.update(
                verdict="unimplemented",
                reproduction=None,
                reason="unimplemented: the target has no find_prefix_at_end",
            )
    comparison = compare(old, new)
    assert [(c.case, c.old, c.new) for c in comparison.informational] == [
        ("find-prefix-at-end.empty-needle", "informational", "unimplemented")
    ]
    assert [(c.case, c.old, c.new) for c in comparison.verdicts] == [
        ("push.empty", "pass", "unimplemented")
    ]  # an API the code may use is gone


def test_the_command_runs_as_a_module(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "asynchat_conformance",
            "diff",
            "--format",
            "markdown",
            recorded("oldport"),
            recorded("oldport-again"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=str(tmp_path),
    )
    assert done.returncode == 0, done.stderr
    assert "**no judged behaviour changes** (`diff` exit status 0)." in done.stdout
    assert done.stdout.count("None.") == 2  # no behaviour, no verdict changes


# -- the report's section -------------------------------------------------------------


def _with(name: str, target: str, python: str, tmp_path: Path) -> str:
    """The recorded file ``name`` as a run of ``target`` on ``python``."""
    changed = document(name)
    changed["target"]["name"] = target
    changed["python"]["version"] = python
    path = tmp_path / ("%s-%s.json" % (target, python))
    path.write_text(json.dumps(changed))
    return str(path)


@pytest.mark.unit
def test_the_report_compares_two_runs_of_different_targets(tmp_path: Path) -> None:
    write_report([recorded("oldport"), recorded("newport")], str(tmp_path))
    page = (tmp_path / "index.html").read_text()
    section = page[page.index('<section class="differences migrations">') :]
    section = section[: section.index("</section>")]
    assert section.count('<details class="migration">') == 1
    assert (
        "<summary>newport · CPython 3.12.1 → oldport · CPython 3.11.7: "
        "1 behaviour and 2 case verdicts change</summary>"
    ) in section
    assert "<code>%s</code>" % CLOSE in section and "recorded in the new run only" in section
    assert "<code>push.empty</code></td><td>fail -&gt; pass</td>" in section


@pytest.mark.unit
def test_the_report_pairs_runs_of_different_targets_on_one_python(tmp_path: Path) -> None:
    paths = [
        _with("oldport", "a", "3.11.7", tmp_path),
        _with("newport", "b", "3.11.2", tmp_path),
        _with("oldport", "a", "3.12.1", tmp_path),
        _with("newport", "c", "3.12.0", tmp_path),
        _with("newport", "a", "3.13.0", tmp_path),
    ]
    pairs = compared_pairs(build([load(path) for path in paths]).columns)
    assert [(old.label, new.label) for old, new in pairs] == [
        ("a · CPython 3.11.7", "b · CPython 3.11.2"),
        ("a · CPython 3.12.1", "c · CPython 3.12.0"),
    ]


@pytest.mark.unit
def test_the_report_of_one_target_has_no_comparison(tmp_path: Path) -> None:
    write_report(
        [recorded("oldport"), _with("oldport", "oldport", "3.12.1", tmp_path)], str(tmp_path)
    )
    assert "migrations" not in (tmp_path / "index.html").read_text()
