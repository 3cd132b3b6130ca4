"""Parsing deviations files, including records that hold only on some Pythons."""

import sys

import pytest

from asynchat_conformance.core.expectations import (
    ExpectationsError,
    load_deviations,
    merged,
    parse_deviations,
    resolve_records,
)


def test_plain_records_comments_and_blank_lines():
    text = "# a comment\n\npush.empty: sends something\n  terminator.none :  collects less  \n"
    assert parse_deviations(text) == {
        "push.empty": "sends something",
        "terminator.none": "collects less",
    }


def test_a_reason_may_contain_colons_and_brackets():
    assert parse_deviations("push.empty: a: b [c]") == {"push.empty": "a: b [c]"}


@pytest.mark.parametrize(
    "line",
    [
        "push.empty",  # no reason
        "push.empty:",  # empty reason
        "Push.Empty: upper case id",
        "push.empty [python<3.10]:",  # condition, no reason
        "push.empty [py<3.10]: reason",  # not 'python'
        "push.empty [python<3]: reason",  # no minor version
        "push.empty [python~=3.10]: reason",  # unknown operator
        "push.empty [python<3.10 reason",  # unclosed bracket
        "push.empty []: reason",  # empty condition
        "push.empty [python<3.10,]: reason",  # empty condition after a comma
        "push.empty [pytest<8.0]: reason",  # unknown subject
        "push.empty [hypothesis<6.142]: reason",  # examples drawn are no condition
    ],
)
def test_malformed_lines_name_the_line(line):
    with pytest.raises(ExpectationsError, match=r"^f\.dev:2: expected 'id: reason'"):
        parse_deviations("# first\n" + line + "\n", source="f.dev")


@pytest.mark.parametrize(
    "when, applies_on",
    [
        ("python<3.10", {(3, 8), (3, 9)}),
        ("python <= 3.10", {(3, 8), (3, 9), (3, 10)}),
        ("python>3.11", {(3, 12), (3, 13)}),
        ("python>=3.12", {(3, 12), (3, 13)}),
        ("python==3.9", {(3, 9)}),
        ("python!=3.9", {(3, 8), (3, 10), (3, 11), (3, 12), (3, 13)}),
        ("python>=3.9, python<3.12", {(3, 9), (3, 10), (3, 11)}),
    ],
)
def test_a_condition_selects_the_pythons_a_record_applies_to(when, applies_on):
    text = "push.empty [%s]: reason" % when
    for minor in range(8, 14):
        records = parse_deviations(text, python=(3, minor))
        expected = {"push.empty": "reason"} if (3, minor) in applies_on else {}
        assert records == expected, (when, minor)


def test_versions_compare_as_numbers_not_strings():
    assert parse_deviations("push.empty [python<3.9]: r", python=(3, 10)) == {}
    assert parse_deviations("push.empty [python>=3.9]: r", python=(3, 10)) == {"push.empty": "r"}


def test_the_default_is_the_running_interpreter():
    here = "%d.%d" % sys.version_info[:2]
    assert parse_deviations("push.empty [python==%s]: r" % here) == {"push.empty": "r"}
    assert parse_deviations("push.empty [python!=%s]: r" % here) == {}


def test_one_case_may_have_a_reason_per_python_range():
    text = "push.empty [python<3.10]: old reason\npush.empty [python>=3.12]: new reason\n"
    assert parse_deviations(text, python=(3, 9)) == {"push.empty": "old reason"}
    assert parse_deviations(text, python=(3, 11)) == {}
    assert parse_deviations(text, python=(3, 13)) == {"push.empty": "new reason"}


@pytest.mark.parametrize(
    "first, second, message",
    [
        ("push.empty: a", "push.empty: b", r"\(line 1 also applies\)$"),
        (
            "push.empty: a",
            "push.empty [python>=3.12]: b",
            r"\(line 1 also applies to Python 3\.12\)$",
        ),
        (
            "push.empty [python<3.11]: a",
            "push.empty [python>=3.10]: b",
            r"\(line 1 also applies to Python 3\.10\)$",
        ),
        (
            "push.empty [python==3.9]: a",
            "push.empty [python!=3.8]: b",
            r"\(line 1 also applies to Python 3\.9\)$",
        ),
    ],
)
def test_records_of_one_case_that_overlap_are_an_error(first, second, message):
    # Whatever the running Python: the file must be right on all of them.
    for python in [(3, 8), (3, 13)]:
        with pytest.raises(
            ExpectationsError, match=r"^f\.dev:2: case 'push\.empty' is recorded twice " + message
        ):
            parse_deviations(first + "\n" + second + "\n", source="f.dev", python=python)


def test_records_that_apply_nowhere_here_are_still_checked():
    with pytest.raises(ExpectationsError, match="expected"):
        parse_deviations("push.empty [python<2.0]: r\nnot a record\n", python=(3, 11))


def test_load_deviations_reads_a_file_and_applies_conditions(tmp_path):
    here = "%d.%d" % sys.version_info[:2]
    path = tmp_path / "port.deviations"
    path.write_text(
        "push.empty [python==%s]: here\nterminator.none [python!=%s]: elsewhere\n" % (here, here),
        encoding="utf-8",
    )
    assert load_deviations(str(path)) == {"push.empty": "here"}


def test_load_deviations_of_a_missing_file_is_an_error(tmp_path):
    with pytest.raises(ExpectationsError, match="cannot read deviations file"):
        load_deviations(str(tmp_path / "missing.deviations"))


def test_every_built_in_deviations_file_parses_on_every_python():
    import os

    from asynchat_conformance import targets

    folder = os.path.dirname(targets.__file__)
    names = sorted(n for n in os.listdir(folder) if n.endswith(".deviations"))
    assert names
    for name in names:
        with open(os.path.join(folder, name), encoding="utf-8") as handle:
            text = handle.read()
        for minor in range(8, 14):
            parse_deviations(text, source=name, python=(3, minor))
        parse_deviations(text, source=name, python=(2, 7))  # out of process


# -- rule records name the variant the model plays -------------------------------------------

RULE = "closing.mark-calls-handle-close"
RULES = {RULE, "framing.holdback"}
CASES = {"push.empty"}


def test_a_rule_record_may_name_its_variant():
    text = RULE + "/close: ends in close()\n"
    assert parse_deviations(text) == {RULE + "/close": "ends in close()"}
    (record,) = resolve_records(parse_deviations(text), RULES, CASES).rules
    assert (record.id, record.kind, record.variant_name) == (RULE, "rule", "close")


def test_a_rule_with_one_variant_needs_no_name():
    records = resolve_records({RULE: "ends in close()"}, RULES, CASES)
    assert [v.name for v in records.variants] == ["close"]
    assert records.cases == ()


def test_a_case_record_is_kept_by_case_id():
    records = resolve_records({"push.empty": "sends something"}, RULES, CASES)
    assert (records.cases, records.variants) == (("push.empty",), ())
    assert records.reason("push.empty") == "sends something"


def test_one_rule_cannot_be_recorded_with_two_variants_at_once():
    with pytest.raises(ExpectationsError, match="recorded twice"):
        parse_deviations("%s/a: one\n%s/b: other\n" % (RULE, RULE))


def test_a_rule_without_a_variant_says_to_record_the_cases_instead():
    with pytest.raises(
        ExpectationsError, match="no variant the model can play: record the case ids"
    ):
        resolve_records({"framing.holdback": "waits for less"}, RULES, CASES)


def test_an_unknown_variant_lists_the_ones_there_are():
    with pytest.raises(
        ExpectationsError, match="has no variant 'closes-twice'; its variants: close"
    ):
        resolve_records({RULE + "/closes-twice": "r"}, RULES, CASES)


def test_an_unknown_id_is_named():
    with pytest.raises(ExpectationsError, match="unknown ids: no.such-rule"):
        resolve_records({"no.such-rule": "r"}, RULES, CASES)


def test_a_later_file_replaces_every_record_of_the_rules_it_names():
    built_in = {RULE + "/close": "built-in", "defaults.encoding": "kept"}
    own = {RULE: "the port's own"}
    assert merged(built_in, own) == {RULE: "the port's own", "defaults.encoding": "kept"}


def test_a_deviations_file_is_judged_on_the_targets_python(tmp_path):
    path = tmp_path / "port.deviations"
    path.write_text("defaults.encoding [python<3.0]: no use_encoding on 2.7\n")
    assert load_deviations(str(path), (2, 7)) == {"defaults.encoding": "no use_encoding on 2.7"}
    assert load_deviations(str(path), (3, 11)) == {}
