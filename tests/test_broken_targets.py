"""The suite must reject every deliberately broken target in broken_targets/,
through the case each one names, with a failure report a port maintainer can
act on -- and must accept the same plumbing without the mistake.

A broken target is judged by a run of the one case it names
(``--case REJECTED_BY``), in this process: it never ends the process (one
whose mistake is a deadlock, ``REJECTED_AS = "timeout"``, is stopped by the
case deadline), so the worker process a user's run gets would add nothing
but start-up time.  The control
gets the one whole run of the suite here, in a subprocess as a user starts
it: every case must accept the plumbing the broken targets share.
"""

import importlib
import inspect
import pkgutil
from typing import List

import pytest

import broken_targets
from asynchat_conformance.core.verdicts import ExitStatus, Verdict
from asynchat_reference import spec
from conftest import listed_case_ids

#: Options of every run here: the fast, derandomized, no-shrink Hypothesis
#: profile (see suite_profile.py).
RUN_OPTIONS = ("-p", "suite_profile", "--hypothesis-profile", "selftest")

CONTROL = "_control"
#: Verdicts of a target that conforms: informational cases are recorded,
#: never judged.
CONFORMING = {Verdict.PASS, Verdict.INFORMATIONAL}

BROKEN = sorted(
    info.name
    for info in pkgutil.iter_modules(broken_targets.__path__)
    if not info.name.startswith("_")
)


def _module(name: str):
    return importlib.import_module("%s.%s" % (broken_targets.__name__, name))


# -- the modules themselves ------------------------------------------------------


def test_there_are_enough_broken_targets():
    # At least 30, covering framing, terminator switching, producers,
    # partial sends, closing, discarding and errors.
    assert len(BROKEN) >= 30, BROKEN


@pytest.mark.parametrize("name", BROKEN)
def test_module_names_its_mistake_and_its_case(name):
    module = _module(name)
    assert (module.__doc__ or "").startswith("Mistake:"), (
        "%s: the docstring must start by naming the mistake" % name
    )
    assert module.REJECTED_BY in listed_case_ids(), (
        "%s.REJECTED_BY = %r is not a case id (python -m asynchat_conformance list)"
        % (name, module.REJECTED_BY)
    )
    assert Verdict(getattr(module, "REJECTED_AS", Verdict.FAIL)) in (Verdict.FAIL, Verdict.TIMEOUT)
    assert inspect.isclass(module.async_chat) and issubclass(module.async_chat, spec.async_chat)
    assert callable(module.simple_producer) and callable(module.find_prefix_at_end)


def _own_definitions(module) -> List[str]:
    """What a target module changes: the methods and class attributes (a
    default) its ``async_chat`` defines itself (its constructor too), and
    helpers defined in the module rather than imported."""
    own = [
        "async_chat.%s" % attr
        for attr in vars(module.async_chat)
        if not attr.startswith("__") or attr == "__init__"
    ]
    own += [
        helper
        for helper in ("simple_producer", "find_prefix_at_end")
        if getattr(getattr(module, helper), "__module__", None) == module.__name__
    ]
    return own


@pytest.mark.parametrize("name", BROKEN)
def test_module_changes_exactly_one_thing(name):
    own = _own_definitions(_module(name))
    assert len(own) == 1, "%s overrides %s; a broken target makes one mistake" % (
        name,
        own or "nothing",
    )


def test_control_changes_nothing():
    assert _own_definitions(_module(CONTROL)) == []


# -- the verdicts ------------------------------------------------------------------


def test_control_is_accepted(suite):
    """The plumbing the broken targets share conforms, so each rejection
    below is due to the one step a target replaces."""
    run = suite("--target", "broken_targets." + CONTROL, *RUN_OPTIONS)
    assert run.returncode == ExitStatus.CONFORMS, run.explain()
    assert run.results is not None, run.explain()
    verdicts = {case["id"]: Verdict(case["verdict"]) for case in run.results["cases"]}
    assert set(verdicts) == set(listed_case_ids()), "every case must get a verdict"
    assert set(verdicts.values()) <= CONFORMING, {
        case_id: verdict for case_id, verdict in verdicts.items() if verdict not in CONFORMING
    }


@pytest.mark.parametrize("name", BROKEN)
def test_named_case_rejects_with_an_actionable_report(suite_in_process, name):
    module = _module(name)
    case_id = module.REJECTED_BY
    # A mistake that deadlocks (REJECTED_AS = "timeout") is stopped at a
    # short deadline: how long it waits says nothing about the mistake.
    rejected_as = Verdict(getattr(module, "REJECTED_AS", Verdict.FAIL))
    deadline = ("--case-deadline", "1") if rejected_as == Verdict.TIMEOUT else ()
    run = suite_in_process(
        "--target", "broken_targets." + name, "--case", case_id, *deadline, *RUN_OPTIONS
    )
    assert run.returncode == ExitStatus.DOES_NOT_CONFORM, (
        "the suite accepted a broken target:\n" + run.explain()
    )
    assert run.results is not None, run.explain()
    verdicts = {case["id"]: case["verdict"] for case in run.results["cases"]}
    assert verdicts.get(case_id) == rejected_as, (
        "%s must be rejected by %s as %s, whose verdict was %s\n%s"
        % (name, case_id, rejected_as.value, verdicts.get(case_id), run.explain())
    )
    # What the maintainer reads: the terminal's report of the failing case.
    reports = run.reports(case_id)
    assert reports, "no '[%s] ...' failure report in the output\n%s" % (case_id, run.explain())
    for report in reports:
        assert "reproduction:" in report, report
        assert "expected (reference model)" in report, report


def test_a_constructor_mistake_fails_no_state_case(suite_in_process):
    """A port whose constructor requires its socket is rejected by
    constructor.defaults alone: the channel states, an unconnected channel
    included, are judged on what the channel does, which here is the spec's."""
    run = suite_in_process(
        "--target", "broken_targets.constructor_requires_socket", "--case", "state.*", *RUN_OPTIONS
    )
    assert run.results is not None, run.explain()
    failed = {
        case["id"]: case["verdict"]
        for case in run.results["cases"]
        if Verdict(case["verdict"]) not in CONFORMING
    }
    assert failed == {}, run.explain()
    assert run.returncode == ExitStatus.CONFORMS, run.explain()
