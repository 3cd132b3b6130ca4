"""A ``report.diff.Comparison`` as text: for a terminal, and as Markdown for
a pull request's description."""

from typing import List, Sequence

from .diff import BehaviourChange, CaseChange, Comparison, Record, Side
from .markdown import md_code as _code
from .markdown import md_text as _md


def _plural(count: int, noun: str) -> str:
    return "%d %s%s" % (count, noun, "" if count == 1 else "s")


def headline(comparison: Comparison) -> str:
    """The verdict of the comparison in one line."""
    judged = [b for b in comparison.behaviours if b.judged]
    if not comparison.changed:
        return "no judged behaviour changes" + (
            " (%s apart)" % _plural(len(comparison.informational), "informational case")
            if comparison.informational
            else ""
        )
    return "%s and %s change" % (
        _plural(len(judged), "behaviour"),
        _plural(len(comparison.verdicts), "case verdict"),
    )


def side_state(records: Sequence[Record]) -> str:
    """What one run's records of a rule say, in a phrase."""
    if not records:
        return "no record"
    return "; ".join(
        "%s%s: %s"
        % (
            "%s, " % r.id if "/" in r.id else "",
            r.status or "no status",
            ("found in %s" % ", ".join(r.cases)) if r.found else "not found",
        )
        for r in records
    )


def side_reasons(records: Sequence[Record]) -> str:
    return " / ".join(r.reason for r in records if r.reason)


def verdicts_moved(change: CaseChange) -> str:
    if change.old == change.new:
        return "%s, observed differently" % change.old
    return "%s -> %s" % (change.old, change.new)


# -- terminal -------------------------------------------------------------------------


def render_terminal(comparison: Comparison) -> str:
    old, new = comparison.old, comparison.new
    out = ["old: %s  [%s]" % (old.label, old.path), "new: %s  [%s]" % (new.label, new.path), ""]
    behaviours = comparison.behaviours
    out.append(
        "behaviours that change, by rule (%d):" % len(behaviours)
        if behaviours
        else "behaviours that change, by rule: none"
    )
    for item in behaviours:
        out += _terminal_behaviour(item)
    out.append("")
    out.append(
        "cases whose verdict changes (%d):" % len(comparison.verdicts)
        if comparison.verdicts
        else "cases whose verdict changes: none"
    )
    out += _terminal_cases(comparison.verdicts)
    if comparison.informational:
        out += [
            "",
            "informational cases that differ, never judged (%d):" % len(comparison.informational),
        ]
        out += _terminal_cases(comparison.informational)
    out += ["", "%s (exit status %d)" % (headline(comparison), comparison.exit_status)]
    return "\n".join(out) + "\n"


def _terminal_behaviour(item: BehaviourChange) -> List[str]:
    lines = [
        "  %s: %s%s" % (item.rule, item.change, "" if item.judged else " (free, not judged)"),
        "      %s" % item.sentence,
    ]
    for name, records in (("old", item.old), ("new", item.new)):
        lines.append("      %s: %s" % (name, side_state(records)))
        if side_reasons(records):
            lines.append("           why: %s" % side_reasons(records))
    return lines


def _terminal_cases(changes: Sequence[CaseChange]) -> List[str]:
    lines = []
    for change in changes:
        lines.append("  %-36s %s" % (change.case, verdicts_moved(change)))
        for name, reason in (("old", change.old_reason), ("new", change.new_reason)):
            if reason:
                lines.append("      %s: %s" % (name, reason))
    return lines


# -- Markdown -------------------------------------------------------------------------


def _side_md(side: Side) -> str:
    return "%s (Python %s)" % (
        _code(side.target + (" " + side.target_version if side.target_version else "")),
        _md(side.python),
    )


def render_markdown(comparison: Comparison) -> str:
    old, new = comparison.old, comparison.new
    out = [
        "## asynchat conformance: %s → %s" % (_side_md(old), _side_md(new)),
        "",
        "**%s** (`diff` exit status %d)." % (_md(headline(comparison)), comparison.exit_status),
        "",
    ]
    out += ["### Behaviours that change, by rule", ""]
    if comparison.behaviours:
        out += ["| rule | what it says | change | old | new |", "|---|---|---|---|---|"]
        for item in comparison.behaviours:
            out.append(
                "| %s | %s | %s | %s | %s |"
                % (
                    _code(item.rule),
                    _md(item.sentence),
                    _md(item.change + ("" if item.judged else " (free, not judged)")),
                    _md_side(item.old),
                    _md_side(item.new),
                )
            )
    else:
        out.append("None.")
    out += ["", "### Cases whose verdict changes", ""]
    out += _md_cases(comparison.verdicts) or ["None."]
    if comparison.informational:
        out += ["", "### Informational cases that differ (never judged)", ""]
        out += _md_cases(comparison.informational)
    return "\n".join(out) + "\n"


def _md_side(records: Sequence[Record]) -> str:
    if not records:
        return "no record"
    state = _md(side_state(records))
    reasons = side_reasons(records)
    return "%s — %s" % (state, _md(reasons)) if reasons else state


def _md_cases(changes: Sequence[CaseChange]) -> List[str]:
    if not changes:
        return []
    out = ["| case | old | new | why (old) | why (new) |", "|---|---|---|---|---|"]
    for change in changes:
        out.append(
            "| %s | %s | %s | %s | %s |"
            % (
                _code(change.case),
                _md(change.old),
                _md(change.new),
                _code(change.old_reason) if change.old_reason else "",
                _code(change.new_reason) if change.new_reason else "",
            )
        )
    return out
