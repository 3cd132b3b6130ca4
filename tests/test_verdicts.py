"""Verdicts and exit statuses print, compare and serialise as their values
on every Python the suite supports: the results file, the JUnit file, the
terminal and the report show ``pass``, never ``Verdict.PASS``.  (What
``str()`` and ``format()`` of an ``Enum`` mixin give changed in 3.11 and
3.12; the members pin both.)"""

import json

import pytest

from asynchat_conformance.core.verdicts import ExitStatus, Verdict

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("verdict", list(Verdict))
def test_a_verdict_is_its_value_as_text(verdict: Verdict) -> None:
    value = verdict.value
    assert type(value) is str
    assert verdict == value and value == verdict
    assert str(verdict) == value
    assert format(verdict) == value and format(verdict, "<17") == "%-17s" % value
    assert "%s" % verdict == value and "%-17s|" % verdict == value.ljust(17) + "|"
    assert f"{verdict}" == value and f"{verdict:>20}" == value.rjust(20)
    assert verdict.upper() == value.upper() and type(verdict.upper()) is str
    assert json.dumps(verdict) == json.dumps(value)
    assert json.dumps({verdict: 1}) == json.dumps({value: 1})
    assert json.dumps({verdict: [verdict]}, indent=1) == json.dumps({value: [value]}, indent=1)
    assert " ".join([verdict]) == value


@pytest.mark.parametrize("verdict", list(Verdict))
def test_a_verdict_read_from_a_file_finds_its_entry(verdict: Verdict) -> None:
    """Equal to its value, a verdict hashes as it, so that either finds the other's entry."""
    assert hash(verdict) == hash(verdict.value)
    assert {verdict: "entry"}[verdict.value] == "entry"  # type: ignore[index]  # the point
    assert {verdict.value: "entry"}[verdict] == "entry"
    assert Verdict(verdict.value) is verdict


def test_worst_first_and_the_gate() -> None:
    assert [v.value for v in Verdict] == [
        "harness-error",
        "crash",
        "timeout",
        "fail",
        "unexpected-pass",
        "non-strict",
        "expected-failure",
        "informational",
        "unimplemented",
        "pass",
    ]
    assert [v.rank for v in Verdict] == list(range(len(Verdict)))
    assert {v.value for v in Verdict if v.fails_run} == {
        "harness-error",
        "crash",
        "timeout",
        "fail",
        "unexpected-pass",
    }
    assert {v.value for v in Verdict if not v.ran} == {"unimplemented", "harness-error"}


@pytest.mark.parametrize("status", list(ExitStatus))
def test_an_exit_status_is_its_number(status: ExitStatus) -> None:
    number = status.value
    assert status == number and type(number) is int
    assert str(status) == str(number) and format(status) == str(number)
    assert "%s %d" % (status, status) == "%d %d" % (number, number)
    assert f"{status}" == str(number) and f"{status:>3}" == "%3d" % number
    assert json.dumps(status) == str(number)
    assert json.dumps({"exit_status": status}, indent=1) == json.dumps(
        {"exit_status": number}, indent=1
    )


def test_exit_statuses_and_their_words() -> None:
    """The numbers README documents, and the words the terminal prints."""
    assert {s.value: s.words for s in ExitStatus} == {
        0: "CONFORMS",
        1: "DOES NOT CONFORM",
        2: "INTERRUPTED",
        3: "HARNESS ERROR",
        4: "USAGE ERROR",
        5: "NOTHING RAN",
    }
