"""Measure again the examples of docs/migration.md and write them into it.

    python3 docs/migration_examples.py            run the suite's environments, then rewrite
    python3 docs/migration_examples.py --no-run   rewrite from the results/ files there are

Each example in docs/migration.md is a block between
``<!-- diff OLD_ENV NEW_ENV -->`` and ``<!-- end diff -->``: the two tox
environments whose results files (results/ENV.json) it compares.  Those
environments run with ``CI=true`` (the derandomized profile), so that a
second measurement of the same code gives the same text (but for
the figures the performance case measures).  The diff itself
runs in the reference's environment, where the suite is installed.
Standard library only; tox is ``$TOX`` or ``tox`` on PATH.
"""

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import List, Tuple

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "migration.md"
#: The environment whose interpreter runs ``python -m asynchat_conformance diff``.
DIFF_ENV = "py311-target-reference"
BLOCK = re.compile(r"(<!-- diff (\S+) (\S+) -->\n)(.*?)(<!-- end diff -->)", re.S)


def examples(text: str) -> List[Tuple[str, str]]:
    return [(match.group(2), match.group(3)) for match in BLOCK.finditer(text)]


def run_environments(names: List[str]) -> None:
    env = dict(
        os.environ, CI="true", UV_PYTHON_DOWNLOADS="never", UV_PYTHON_PREFERENCE="only-system"
    )
    tox = os.environ.get("TOX", "tox")
    # A run that does not conform still writes its results, which is all an example needs.
    subprocess.run([tox, "-e", ",".join(names)], cwd=str(ROOT), env=env, check=False)
    missing = [name for name in names if not (ROOT / "results" / ("%s.json" % name)).is_file()]
    if missing:
        sys.exit("no results from: %s" % ", ".join(missing))


def measured(old: str, new: str) -> str:
    """The block for one example: the command line and what it printed."""
    python = ROOT / ".tox" / DIFF_ENV / "bin" / "python"
    args = ["diff", "results/%s.json" % old, "results/%s.json" % new]
    done = subprocess.run(
        [str(python), "-m", "asynchat_conformance"] + args,
        cwd=str(ROOT),
        capture_output=True,
        text=True,
    )
    if done.returncode not in (0, 1):
        sys.exit("diff %s %s failed (exit %d): %s" % (old, new, done.returncode, done.stderr))
    return "```text\n$ python -m asynchat_conformance %s\n%s```\n" % (" ".join(args), done.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--no-run", action="store_true", help="use the results files already in results/"
    )
    args = parser.parse_args()
    text = DOC.read_text(encoding="utf-8")
    pairs = examples(text)
    if not args.no_run:
        names = sorted({name for pair in pairs for name in pair} | {DIFF_ENV})
        run_environments(names)
    text = BLOCK.sub(lambda m: m.group(1) + measured(m.group(2), m.group(3)) + m.group(5), text)
    DOC.write_text(text, encoding="utf-8")
    print("rewrote %d examples in %s" % (len(pairs), DOC.relative_to(ROOT)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
