"""``python -m conformance list``: the cases, with ids, statements and APIs.
``python -m conformance report RESULTS.json... -o DIR``: the HTML matrix and
Markdown summary of many runs (conformance/report.py)."""

import argparse
import sys
from typing import List, Optional


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conformance")
    commands = parser.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("list", help="list every conformance case")
    listing.add_argument("--rules", action="store_true",
                         help="list the reference's rules instead, each with the cases that "
                              "exercise it (runs the suite against the reference, a few seconds)")
    report = commands.add_parser(
        "report", help="merge results files into DIR/index.html and DIR/summary.md",
        description="Merge the JSON files that `pytest --pyargs conformance --results-json "
                    "FILE` writes (one per target and Python) into one HTML matrix and a "
                    "Markdown summary.  Exit status 0: written; 2: an input is unusable.")
    report.add_argument("results", nargs="+", metavar="RESULTS",
                        help="a results JSON file, or a directory standing for the *.json in it")
    report.add_argument("-o", "--output", required=True, metavar="DIR",
                        help="the directory to write index.html and summary.md into")
    args = parser.parse_args(argv)
    if args.command == "list":
        return list_rules() if args.rules else list_cases()
    if args.command == "report":
        return report_command(args.results, args.output)
    return 2


def list_cases() -> int:
    from .case import all_cases

    cases = all_cases()
    for case_id in sorted(cases):
        info = cases[case_id]
        print("%-36s %-32s %s" % (case_id, info.api, info.statement))
    return 0


def list_rules() -> int:
    """Every rule, its sentence and the cases that exercise it; exit 1 if a
    rule has no example case."""
    from reference.rules import RULES

    from .coverage import measure

    found = measure()
    uncovered = 0
    for rule_id in sorted(RULES):
        rule = RULES[rule_id]
        print("%s%s  %s" % (rule_id, "  (free: CPython is buggy here)" if rule.free else "",
                            rule.sentence))
        print("    example cases: %s" % (", ".join(found[rule_id]["example"]) or "NONE"))
        if found[rule_id]["drawn"]:
            print("    property cases: %s" % ", ".join(found[rule_id]["drawn"]))
        uncovered += not found[rule_id]["example"]
    print("%d rules, %d without an example case" % (len(RULES), uncovered))
    return 1 if uncovered else 0


def report_command(results: List[str], output: str) -> int:
    from .report import InvalidResults, write_report

    try:
        matrix, written = write_report(results, output)
    except InvalidResults as exc:
        print("error: %s" % exc, file=sys.stderr)
        return 2
    print("report of %d runs x %d cases: %s" % (len(matrix.columns), len(matrix.case_ids),
                                                 ", ".join(written)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
