"""The pytest plugin as a user meets it: choosing the target, the errors a
bad choice gives, the verdict summary and exit status, and recorded
deviations.

The suite runs through pytest's ``pytester`` (enabled in conftest.py), as
``pytest --pyargs asynchat_conformance ...`` from pytester's empty temporary
directory: no file of this checkout (conftest.py, pyproject's settings) joins
the run, and the plugin is the installed package's, registered by its
``pytest11`` entry point (``test_default_target_is_reference`` checks pytest
names it).  Outcomes are read with ``result.ret`` and
``result.stdout/stderr.fnmatch_lines``.  (``result.assert_outcomes`` does not
fit: the plugin makes pytest's closing line count cases by verdict.)

* Runs that end in a usage error -- a bad target, a bad deviations file --
  stop while pytest configures, before any case is collected: they run in
  this process (``runpytest_inprocess``), in a fraction of a second, and the
  process-wide state a configure sets (the Hypothesis profile, where the
  sandbox announces) is put back after each.
* Runs that judge cases are subprocesses (``runpytest_subprocess``), as a
  user starts them: the cases run in a pytest-xdist worker either way, and
  a controller's state stays out of this process.
* ``test_dev_run_writes_nothing_into_the_working_directory`` keeps
  conftest's ``suite`` fixture: pytester writes files of its own into the
  directory it runs in, which is what that test looks at.

Every run has ``CI`` set (the derandomized profile), no target of the
caller's environment, and ``tests/`` importable (``broken_targets.NAME``,
``suite_profile``).  Tests about the plugin rather than about conformance
select a case or two with ``-k`` to stay fast.
"""

import json
import os
import sys

import pytest
from hypothesis import settings

from asynchat_conformance.core import sandbox
from asynchat_conformance.core.driver import load_local
from asynchat_conformance.core.target import resolve
from conftest import SUITE_TIMEOUT, TESTS_DIR, check_usage_error, listed_case_ids, suite_env

#: What every run of the suite here is given (see conftest.run_suite): the
#: installed package's cases, no cache written, no assertion rewriting of
#: Hypothesis and the harness (slow, and no verdict depends on it), and -v
#: so that the verdict section lists passing cases too.
SUITE = ("--pyargs", "asynchat_conformance", "-p", "no:cacheprovider", "--assert=plain", "-v")
#: Fast, derandomized, no-shrink Hypothesis profile (suite_profile.py).
PROFILE = ("-p", "suite_profile", "--hypothesis-profile", "selftest")
#: One quick case that every conforming target passes.
ONE_CASE = ("-k", "test_negative")


@pytest.fixture
def suite_environment(monkeypatch):
    """The environment of every run: see the module docstring."""
    monkeypatch.delenv("ASYNCHAT_TARGET", raising=False)
    monkeypatch.delenv("ASYNCHAT_TARGET_PYTHON", raising=False)
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(filter(None, [str(TESTS_DIR), os.environ.get("PYTHONPATH")]))
    )
    return monkeypatch


@pytest.fixture
def in_subprocess(pytester, suite_environment):
    """``in_subprocess(*args)``: the suite in a new interpreter, from
    pytester's directory (which pytester puts on its ``PYTHONPATH``)."""

    def run(*args):
        return pytester.runpytest_subprocess(*SUITE, *args, timeout=SUITE_TIMEOUT)

    return run


@pytest.fixture
def in_process(pytester, suite_environment):
    """``in_process(*args)``: the suite in this process, for runs that end
    while pytest configures; modules written into pytester's directory are
    importable."""
    pytester.syspathinsert()
    profile = settings.get_current_profile_name()
    announce = sandbox.announce

    def run(*args):
        return pytester.runpytest_inprocess(*SUITE, *args)

    yield run
    sandbox.announce = announce
    settings.load_profile(profile)


def glob_escape(text):
    """``text`` matched literally by ``fnmatch``."""
    return "".join("[%s]" % char if char in "*?[" else char for char in text)


def assert_usage_error_of(result, *fragments):
    """``check_usage_error`` of a pytester run; the ``ERROR:`` line is on
    stderr."""
    check_usage_error(result.ret, result.outlines + result.errlines, *fragments)
    result.stderr.fnmatch_lines(["ERROR: *"])


def assert_one_case_ends(result, verdict, case_id, status):
    """The run's one case got ``verdict`` -- listed, counted, nothing else --
    and the gate line gives ``status``."""
    gate = {0: "CONFORMS", 1: "DOES NOT CONFORM"}[status]
    assert result.ret == status, result.stdout.str()
    result.stdout.fnmatch_lines(
        [
            "%s * %s *" % (verdict.upper(), case_id),
            "cases: 1 %s" % verdict,
            "conformance: %s (exit status %d)" % (gate, status),
        ],
        consecutive=True,
    )


def verdict_section(target):
    """The first line of the verdict section, for ``fnmatch_lines``."""
    return "*= asynchat conformance verdicts: target %s =*" % glob_escape(target)


# -- choosing the target -----------------------------------------------------------


def test_unknown_target_name(in_process):
    assert_usage_error_of(in_process("--target", "no_such_target_xyz"), "no_such_target_xyz")


def test_unimportable_module(in_process):
    assert_usage_error_of(in_process("--target", "no_such_package_xyz.chat"), "no_such_package_xyz")


def test_module_that_fails_on_import(in_process, pytester):
    pytester.makepyfile(
        explodes_on_import="""
        raise RuntimeError("boom while importing")
    """
    )
    assert_usage_error_of(
        in_process("--target", "explodes_on_import"), "explodes_on_import", "boom while importing"
    )


def test_module_without_async_chat(in_process, pytester):
    pytester.makepyfile(
        has_no_chat="""
        simple_producer = None
    """
    )
    assert_usage_error_of(in_process("--target", "has_no_chat"), "has_no_chat", "async_chat")


def test_module_attr_that_does_not_exist(in_process):
    assert_usage_error_of(in_process("--target", "asynchat_reference:NoSuchChat"), "NoSuchChat")


def test_async_chat_that_is_not_a_dispatcher(in_process, pytester):
    pytester.makepyfile(
        not_a_dispatcher="""
        class async_chat:
            pass
    """
    )
    assert_usage_error_of(
        in_process("--target", "not_a_dispatcher"), "not_a_dispatcher", "dispatcher"
    )


def test_stdlib_target_unavailable_from_3_12(in_process):
    """asynchat left the standard library in 3.12: there the built-in
    ``stdlib`` target is a usage error; before, it resolves to asynchat."""
    if sys.version_info >= (3, 12):
        assert_usage_error_of(in_process("--target", "stdlib"), "stdlib", "unavailable")
    else:
        target = load_local(resolve("stdlib"))
        assert target.name == "stdlib"
        assert target.async_chat.__module__ == "asynchat"
        assert target.simple_producer is not None and target.find_prefix_at_end is not None


def _third_party_adapters(pytester):
    """A distribution in pytester's directory that registers two targets
    through the entry point group: one unavailable here, one whose adapter
    is gone."""
    pytester.makepyfile(
        fake_port_adapter="""
        from asynchat_conformance import Target

        TARGET = Target(
            name="fake-port",
            module="asynchat_reference",
            summary="a port that needs an interpreter from the future",
            python=">=9.0",
        )
    """
    )
    info = pytester.mkdir("fake_port_adapter-1.0.dist-info")
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: fake-port-adapter\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[asynchat_conformance.targets]\n"
        "fake-port = fake_port_adapter:TARGET\n"
        "vanished-port = no_such_adapter_module:TARGET\n",
        encoding="utf-8",
    )


def test_unavailable_third_party_target(in_process, pytester):
    """On every Python: an adapter registered through the entry point that
    says it cannot run here."""
    _third_party_adapters(pytester)
    assert_usage_error_of(
        in_process("--target", "fake-port"),
        "fake-port",
        "unavailable",
        "needs an interpreter from the future",
    )


def test_third_party_adapter_that_fails_to_load(in_process, pytester):
    _third_party_adapters(pytester)
    assert_usage_error_of(
        in_process("--target", "vanished-port"), "vanished-port", "no_such_adapter_module"
    )


def test_default_target_is_reference(in_subprocess, pytester):
    result = in_subprocess(*ONE_CASE)
    assert result.ret == 0, result.stdout.str()
    # The plugin comes from the installed distribution's entry point: nothing
    # in pytester's directory could have registered it.
    assert not (pytester.path / "conftest.py").exists()
    result.stdout.fnmatch_lines(
        [
            "asynchat-conformance: target 'reference'",
            "plugins: *asynchat-conformance-*",
            verdict_section("reference"),
            "PASS * terminator.negative *",
            "cases: 1 pass",
            "conformance: CONFORMS (exit status 0)",
        ]
    )


def test_environment_variable_selects_the_target(in_subprocess, suite_environment):
    suite_environment.setenv("ASYNCHAT_TARGET", "broken_targets.negative_terminator")
    result = in_subprocess(*ONE_CASE)
    assert result.ret == 1, result.stdout.str()
    result.stdout.fnmatch_lines([verdict_section("broken_targets.negative_terminator")])
    # the one case, and nothing else, fails
    assert_one_case_ends(result, "fail", "terminator.negative", 1)


def test_environment_variable_with_a_bad_target_is_a_usage_error(in_process, suite_environment):
    suite_environment.setenv("ASYNCHAT_TARGET", "no_such_env_target_xyz")
    assert_usage_error_of(in_process(), "no_such_env_target_xyz")


def test_option_overrides_environment_variable(in_subprocess, suite_environment):
    suite_environment.setenv("ASYNCHAT_TARGET", "no_such_env_target_xyz")
    result = in_subprocess("--target", "reference", *ONE_CASE)
    assert result.ret == 0, result.stdout.str()
    result.stdout.fnmatch_lines([verdict_section("reference")])


def test_plain_module_reexporting_the_reference_is_green(in_subprocess, pytester):
    """No adapter needed: any importable module exposing async_chat is a
    target.  This one is the reference under another name, so every case
    passes -- and every case listed by ``python -m asynchat_conformance list`` gets
    exactly one verdict."""
    pytester.makepyfile(
        plain_port="""
        # async_chat, simple_producer, find_prefix_at_end
        from asynchat_reference import *  # noqa: F401,F403
    """
    )
    results = pytester.path / "results.json"
    result = in_subprocess("--target", "plain_port", *PROFILE, "--results-json", str(results))
    assert result.ret == 0, result.stdout.str()
    result.stdout.fnmatch_lines([verdict_section("plain_port")])
    verdicts = [(case["id"], case["verdict"]) for case in json.loads(results.read_text())["cases"]]
    ids = [case for case, _ in verdicts]
    listed = listed_case_ids()
    assert len(ids) == len(set(ids)), "a case with two verdicts"
    assert set(ids) == listed, (sorted(listed - set(ids)), sorted(set(ids) - listed))
    # Informational cases are recorded, never judged.
    passed = sum(1 for _, verdict in verdicts if verdict == "pass")
    informational = sum(1 for _, verdict in verdicts if verdict == "informational")
    assert passed + informational == len(listed), verdicts
    # The terminal counts the same cases, each once (worst verdict first).
    assert informational, "the suite has informational cases"
    result.stdout.fnmatch_lines(
        [
            "cases: %d informational, %d pass" % (informational, passed),
            "conformance: CONFORMS (exit status 0)",
        ],
        consecutive=True,
    )


def test_missing_helpers_are_unimplemented_not_failures(in_subprocess, pytester):
    pytester.makepyfile(
        chat_only_port="""
        import asynchat_reference as reference

        class async_chat(reference.async_chat):
            pass
    """
    )
    # One case that runs, too: a run in which nothing at all ran exits 5.
    result = in_subprocess(
        "--target", "chat_only_port", "-k", "find_prefix_at_end or simple_producer or test_negative"
    )
    assert result.ret == 0, result.stdout.str()
    result.stdout.fnmatch_lines(
        [  # the verdict lines, sorted by case id
            verdict_section("chat_only_port"),
            "UNIMPLEMENTED * find-prefix-at-end *",
            "UNIMPLEMENTED * producer.simple-producer *",
            "UNIMPLEMENTED * simple-producer.more *",
            "PASS * terminator.negative *",
            "conformance: CONFORMS (exit status 0)",
        ]
    )


# -- recorded deviations -------------------------------------------------------------


def write_deviations(pytester, text):
    path = pytester.path / "port.deviations"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_deviation_for_a_passing_case_fails_the_run(in_subprocess, pytester):
    deviations = write_deviations(
        pytester,
        (
            "# the reference does not really deviate here\n"
            "terminator.negative: pretends to accept negative counts\n"
        ),
    )
    result = in_subprocess("--target", "reference", "--deviations", deviations, *ONE_CASE)
    assert result.ret == 1, result.stdout.str()
    result.stdout.fnmatch_lines(["*pretends to accept negative counts*"])
    assert_one_case_ends(result, "unexpected-pass", "terminator.negative", 1)


def test_deviation_for_a_failing_case_is_an_expected_failure(in_subprocess, pytester):
    deviations = write_deviations(
        pytester, "terminator.negative: accepts negative counts (known, tracked upstream)\n"
    )
    result = in_subprocess(
        "--target", "broken_targets.negative_terminator", "--deviations", deviations, *ONE_CASE
    )
    assert result.ret == 0, result.stdout.str()
    assert_one_case_ends(result, "expected-failure", "terminator.negative", 0)


def test_deviations_naming_an_unknown_case(in_process, pytester):
    deviations = write_deviations(
        pytester, "terminator.negative: fine\nno.such-case: never existed\n"
    )
    assert_usage_error_of(
        in_process("--target", "reference", "--deviations", deviations), "no.such-case"
    )


def test_deviations_with_a_malformed_line(in_process, pytester):
    deviations = write_deviations(
        pytester, "# comment\nterminator.negative: fine\nthis line has no colon\n"
    )
    assert_usage_error_of(
        in_process("--target", "reference", "--deviations", deviations),
        "%s:3" % deviations,
        "this line has no colon",
    )


def test_deviations_recording_a_case_twice(in_process, pytester):
    deviations = write_deviations(
        pytester, "terminator.negative: one reason\nterminator.negative: another reason\n"
    )
    assert_usage_error_of(
        in_process("--target", "reference", "--deviations", deviations),
        "terminator.negative",
        "twice",
    )


def test_deviations_file_that_does_not_exist(in_process, pytester):
    missing = str(pytester.path / "nowhere.deviations")
    assert_usage_error_of(
        in_process("--target", "reference", "--deviations", missing), "nowhere.deviations"
    )


# -- the working directory ----------------------------------------------------------


def test_dev_run_writes_nothing_into_the_working_directory(suite, tmp_path):
    """Hypothesis would put ``.hypothesis/`` (an example database, a cache)
    into the directory the suite runs from: a port's own checkout.  (Run by
    conftest's ``suite`` fixture: pytester writes into its own directory.)"""
    run = suite("--case", "property.differential", env=suite_env(CI=""))
    assert run.returncode == 0, run.explain()
    assert list((tmp_path / "run").iterdir()) == []
