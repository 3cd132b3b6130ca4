"""The suite must reject every deliberately broken target in broken_targets/,
through the case each one names, with a failure report a port maintainer can
act on -- and must accept the same plumbing without the mistake.

Every target is judged by a real ``python -m pytest --pyargs asynchat_conformance
--target broken_targets.NAME`` run.  The runs are independent processes, so
they all start together (on a small pool) the first time any test here
needs one, and each test waits only for its own.
"""

import importlib
import inspect
import os
import pkgutil
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Dict, List

import pytest

import broken_targets
import asynchat_reference as reference
from conftest import SuiteRun, listed_case_ids, run_suite

#: Options of every run here: the fast, derandomized, no-shrink Hypothesis
#: profile (see suite_profile.py).
RUN_OPTIONS = ("-p", "suite_profile", "--hypothesis-profile", "selftest")
#: The broken targets' runs leave out the performance cases: they are
#: informational (recorded, never judged), so they cannot reject anything,
#: and they are the slowest cases of a run.  The control runs everything.
BROKEN_ONLY_OPTIONS = ("-k", "not test_performance")

CONTROL = "_control"
#: Verdicts of a target that conforms: informational cases are recorded,
#: never judged.
CONFORMING = {"PASS", "INFORMATIONAL"}

BROKEN = sorted(
    info.name for info in pkgutil.iter_modules(broken_targets.__path__)
    if not info.name.startswith("_")
)


def _module(name: str):
    return importlib.import_module("%s.%s" % (broken_targets.__name__, name))


# -- the runs, started together ------------------------------------------------

@pytest.fixture(scope="session")
def suite_runs(tmp_path_factory) -> Dict[str, "Future[SuiteRun]"]:
    """``name -> Future[SuiteRun]`` for every broken target and the control."""
    workers = max(2, (os.cpu_count() or 2) + 1)
    pool = ThreadPoolExecutor(max_workers=workers)
    runs = {}
    for name in [CONTROL] + BROKEN:
        workdir = tmp_path_factory.mktemp("suite-" + name.strip("_"))
        options = RUN_OPTIONS + (BROKEN_ONLY_OPTIONS if name != CONTROL else ())
        runs[name] = pool.submit(
            run_suite, "--target", "broken_targets." + name, *options, cwd=workdir)
    yield runs
    pool.shutdown(wait=True)


# -- the modules themselves ------------------------------------------------------

def test_there_are_enough_broken_targets():
    # Issue 3: at least 30, covering framing, terminator switching,
    # producers, partial sends, closing, discarding and errors.
    assert len(BROKEN) >= 30, BROKEN


@pytest.mark.parametrize("name", BROKEN)
def test_module_names_its_mistake_and_its_case(name):
    module = _module(name)
    assert (module.__doc__ or "").startswith("Mistake:"), (
        "%s: the docstring must start by naming the mistake" % name)
    assert module.REJECTED_BY in listed_case_ids(), (
        "%s.REJECTED_BY = %r is not a case id (python -m asynchat_conformance list)" % (name, module.REJECTED_BY))
    assert inspect.isclass(module.async_chat) and issubclass(module.async_chat, reference.async_chat)
    assert callable(module.simple_producer) and callable(module.find_prefix_at_end)


def _own_definitions(module) -> List[str]:
    """What a target module changes: the methods and class attributes (a
    default) its ``async_chat`` defines itself, and helpers defined in the
    module rather than imported."""
    own = ["async_chat.%s" % attr for attr in vars(module.async_chat) if not attr.startswith("__")]
    own += [helper for helper in ("simple_producer", "find_prefix_at_end")
            if getattr(getattr(module, helper), "__module__", None) == module.__name__]
    return own


@pytest.mark.parametrize("name", BROKEN)
def test_module_changes_exactly_one_thing(name):
    own = _own_definitions(_module(name))
    assert len(own) == 1, "%s overrides %s; a broken target makes one mistake" % (name, own or "nothing")


def test_control_changes_nothing():
    assert _own_definitions(_module(CONTROL)) == []


# -- the verdicts ------------------------------------------------------------------

def test_control_is_accepted(suite_runs):
    """The plumbing the broken targets share conforms, so each rejection
    below is due to the one step a target replaces."""
    run = suite_runs[CONTROL].result()
    assert run.returncode == 0, run.explain()
    verdicts = run.verdicts
    assert verdicts and set(verdicts.values()) <= CONFORMING, run.explain()
    assert set(verdicts) == set(listed_case_ids()), "every case must get a verdict"


@pytest.mark.parametrize("name", BROKEN)
def test_suite_rejects(suite_runs, name):
    run = suite_runs[name].result()
    assert run.returncode == 1, "the suite accepted a broken target:\n" + run.explain()
    assert "FAIL" in run.verdicts.values(), run.explain()


@pytest.mark.parametrize("name", BROKEN)
def test_named_case_rejects(suite_runs, name):
    case_id = _module(name).REJECTED_BY
    run = suite_runs[name].result()
    assert run.verdicts.get(case_id) == "FAIL", (
        "%s must be rejected by %s, whose verdict was %s\n%s"
        % (name, case_id, run.verdicts.get(case_id), run.explain()))


@pytest.mark.parametrize("name", BROKEN)
def test_failure_report_is_actionable(suite_runs, name):
    case_id = _module(name).REJECTED_BY
    run = suite_runs[name].result()
    reports = run.reports(case_id)
    assert reports, "no '[%s] ...' failure report in the output\n%s" % (case_id, run.explain())
    for report in reports:
        assert "reproduction:" in report, report
        assert "expected (reference model)" in report, report
