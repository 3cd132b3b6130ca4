"""``python -m conformance list``: the cases, with ids, statements and APIs."""

import argparse
import sys
from typing import List, Optional


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m conformance")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="list every conformance case")
    args = parser.parse_args(argv)
    if args.command == "list":
        return list_cases()
    return 2


def list_cases() -> int:
    from .case import all_cases

    cases = all_cases()
    for case_id in sorted(cases):
        info = cases[case_id]
        print("%-36s %-32s %s" % (case_id, info.api, info.statement))
    return 0


if __name__ == "__main__":
    sys.exit(main())
