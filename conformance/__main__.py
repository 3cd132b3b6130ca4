"""``python -m asynchat_conformance list``: the cases, with ids, statements and APIs
(``list --coverage``: the coverage matrices, ``--rules``: the rules and their cases).
``python -m asynchat_conformance report RESULTS.json... -o DIR``: the HTML matrix and
Markdown summary of many runs (``report.matrix``).
``python -m asynchat_conformance diff OLD.json NEW.json``: what behaves differently from
one run to another, e.g. from one port to another (``report.diff``)."""

import argparse
import os
import sys
from typing import List, Optional


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m asynchat_conformance")
    commands = parser.add_subparsers(dest="command", required=True)
    listing = commands.add_parser(
        "list",
        help="list every conformance case (or those PATTERN selects)",
        description="Print every case id with its API and statement.  Select cases in a run "
        "with --case PATTERN (repeatable): an id, a glob or a group, e.g. "
        "`pytest --pyargs asynchat_conformance --case 'terminator.int.*' --case push`; "
        "`list PATTERN...` shows what the patterns select.",
    )
    listing.add_argument(
        "patterns",
        nargs="*",
        metavar="PATTERN",
        help="only the cases these select (as --case does)",
    )
    listing.add_argument(
        "--rules",
        action="store_true",
        help="list the reference's rules instead, each with the cases that "
        "exercise it (runs the suite against the reference, a few seconds)",
    )
    listing.add_argument(
        "--coverage",
        action="store_true",
        help="print the coverage matrices instead (states x operations, ...), each pair with "
        "the case that judges it or why it means nothing, as Markdown; exit 1 if a pair is "
        "neither or names no case of the suite",
    )
    report = commands.add_parser(
        "report",
        help="merge results files into DIR/index.html and DIR/summary.md",
        description="Merge the JSON files that "
        "`pytest --pyargs asynchat_conformance --results-json FILE` writes "
        "(one per target and Python) into one HTML matrix and a "
        "Markdown summary.  Exit status 0: written; 2: an input is unusable.",
    )
    report.add_argument(
        "results",
        nargs="+",
        metavar="RESULTS",
        help="a results JSON file, or a directory standing for the *.json in it",
    )
    report.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="DIR",
        help="the directory to write index.html and summary.md into",
    )
    diff = commands.add_parser(
        "diff",
        help="what behaves differently from the run OLD to the run NEW",
        description="Compare two results files (any targets, any Pythons), e.g. of the port you "
        "use and the one you move to: the behaviours that change, by rule (recorded "
        "or found in one run and not the other), then the cases whose verdict "
        "changes; informational cases that differ are listed apart.  Exit status "
        "0: no judged behaviour changes; 1: some does; 2: an input is unusable.",
    )
    diff.add_argument("old", metavar="OLD", help="the results file of the run moved from")
    diff.add_argument("new", metavar="NEW", help="the results file of the run moved to")
    diff.add_argument(
        "--format",
        choices=("terminal", "markdown"),
        default="terminal",
        help="terminal text (default) or Markdown, e.g. for a pull request",
    )
    args = parser.parse_args(argv)
    if args.command == "list":
        if args.coverage:
            return list_coverage()
        return list_rules() if args.rules else list_cases(args.patterns)
    if args.command == "report":
        return report_command(args.results, args.output)
    if args.command == "diff":
        return diff_command(args.old, args.new, args.format)
    return 2


def list_cases(patterns: Optional[List[str]] = None) -> int:
    """The cases, one per line (id, API, statement); with ``patterns``, those
    they select.  How to select goes to stderr, so stdout stays a list."""
    from .suite.registry import all_cases
    from .suite.selection import select, unmatched

    cases = all_cases()
    chosen = select(sorted(cases), patterns) if patterns else sorted(cases)
    for case_id in chosen:
        info = cases[case_id]
        print("%-36s %-32s %s" % (case_id, info.api, info.statement))
    if patterns and unmatched(cases, patterns):
        print("error: no case matches %s" % ", ".join(unmatched(cases, patterns)), file=sys.stderr)
        return 2
    print(
        "\n%d cases.  Run some of them: "
        "pytest --pyargs asynchat_conformance --case PATTERN (repeatable):\n"
        "an id (terminator.int.count), a glob ('terminator.int.*') or a group (terminator); "
        "-k matches ids too.\n"
        "`python -m asynchat_conformance list PATTERN...` shows what patterns select."
        % len(chosen),
        file=sys.stderr,
    )
    return 0


def list_rules() -> int:
    """Every rule, its sentence and the cases that exercise it; exit 1 if a
    rule has no example case."""
    from asynchat_reference.rules import RULES

    from .core.variants import VARIANTS
    from .suite.coverage import measure

    found = measure()
    uncovered = 0
    for rule_id in sorted(RULES):
        rule = RULES[rule_id]
        print(
            "%s%s  %s"
            % (rule_id, "  (free: CPython is buggy here)" if rule.free else "", rule.sentence)
        )
        print("    example cases: %s" % (", ".join(found[rule_id]["example"]) or "NONE"))
        if found[rule_id]["drawn"]:
            print("    property cases: %s" % ", ".join(found[rule_id]["drawn"]))
        for name, variant in sorted(VARIANTS.get(rule_id, {}).items()):
            print("    variant %s/%s: %s" % (rule_id, name, variant.statement))
        uncovered += not found[rule_id]["example"]
    print("%d rules, %d without an example case" % (len(RULES), uncovered))
    return 1 if uncovered else 0


def list_coverage() -> int:
    """Every coverage matrix as Markdown (docs/coverage.md); exit 1 if a
    pair is neither judged nor explained, or names a case the suite lacks."""
    from .core.coverage_matrices import MATRICES
    from .report.coverage_text import document
    from .suite.registry import all_cases

    sys.stdout.write(document(MATRICES))
    known = all_cases()
    problems = [
        "%s: %s x %s is neither judged nor explained" % (m.name, row, column)
        for m in MATRICES
        for row, column in m.uncovered()
    ]
    problems += [
        "%s: %s x %s names %s, which is no case of the suite" % (m.name, row, column, case_id)
        for m in MATRICES
        for (row, column), cell in sorted(m.cells.items())
        for case_id in cell.cases
        if case_id not in known
    ]
    for problem in problems:
        print("error: " + problem, file=sys.stderr)
    return 1 if problems else 0


def report_command(results: List[str], output: str) -> int:
    from .report.matrix import InvalidResults, write_report

    try:
        matrix, written = write_report(results, output)
    except InvalidResults as exc:
        print("error: %s" % exc, file=sys.stderr)
        return 2
    runs = len(matrix.columns)
    print(
        "report of %d run%s x %d cases: %s"
        % (runs, "" if runs == 1 else "s", len(matrix.case_ids), ", ".join(written))
    )
    return 0


def diff_command(old: str, new: str, output_format: str) -> int:
    from .report.diff import compare
    from .report.diff_text import render_markdown, render_terminal
    from .report.matrix import InvalidResults, load

    try:
        runs = [load(old), load(new)]
    except InvalidResults as exc:
        print("error: %s" % exc, file=sys.stderr)
        return 2
    comparison = compare(runs[0].document, runs[1].document, old, new)
    render = render_markdown if output_format == "markdown" else render_terminal
    sys.stdout.write(render(comparison))
    return comparison.exit_status


def run() -> int:
    """``main()``, quiet when a reader closes the pipe early (``list | head``)."""
    try:
        return main()
    except BrokenPipeError:
        # Python flushes stdout again at exit; point it at nothing first.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(run())
