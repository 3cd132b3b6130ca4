"""The pytest plugin as a user meets it: choosing the target, the errors a
bad choice gives, the verdict summary, and recorded deviations.

Each test runs ``python -m pytest --pyargs asynchat_conformance`` in a subprocess
(the ``suite`` fixture of conftest.py).  Tests about the plugin rather than
about conformance select a case or two with ``-k`` to stay fast.
"""

import sys
import textwrap

import pytest

from asynchat_conformance.core.driver import load_local
from asynchat_conformance.core.target import resolve
from conftest import listed_case_ids, suite_env

#: Fast, derandomized, no-shrink Hypothesis profile (suite_profile.py).
PROFILE = ("-p", "suite_profile", "--hypothesis-profile", "selftest")
#: One quick case that every conforming target passes.
ONE_CASE = ("-k", "test_negative")


def write_module(directory, name, source):
    directory.mkdir(exist_ok=True)
    (directory / ("%s.py" % name)).write_text(textwrap.dedent(source), encoding="utf-8")
    return directory


def assert_usage_error(run, *fragments):
    """Exit status 4, one ``ERROR:`` line that names the problem, and no
    traceback."""
    assert run.returncode == 4, run.explain()
    assert len(run.error_lines) == 1, run.explain()
    for fragment in fragments:
        assert fragment in run.error_lines[0], (fragment, run.explain())
    assert "Traceback" not in run.output, run.explain()


# -- choosing the target -----------------------------------------------------------

def test_unknown_target_name(suite):
    assert_usage_error(suite("--target", "no_such_target_xyz"), "no_such_target_xyz")


def test_unimportable_module(suite):
    assert_usage_error(suite("--target", "no_such_package_xyz.chat"), "no_such_package_xyz")


def test_module_that_fails_on_import(suite, tmp_path):
    mods = write_module(tmp_path / "mods", "explodes_on_import", """
        raise RuntimeError("boom while importing")
    """)
    run = suite("--target", "explodes_on_import", env=suite_env(extra_path=[mods]))
    assert_usage_error(run, "explodes_on_import", "boom while importing")


def test_module_without_async_chat(suite, tmp_path):
    mods = write_module(tmp_path / "mods", "has_no_chat", """
        simple_producer = None
    """)
    run = suite("--target", "has_no_chat", env=suite_env(extra_path=[mods]))
    assert_usage_error(run, "has_no_chat", "async_chat")


def test_module_attr_that_does_not_exist(suite):
    assert_usage_error(suite("--target", "asynchat_reference:NoSuchChat"), "NoSuchChat")


def test_async_chat_that_is_not_a_dispatcher(suite, tmp_path):
    mods = write_module(tmp_path / "mods", "not_a_dispatcher", """
        class async_chat:
            pass
    """)
    run = suite("--target", "not_a_dispatcher", env=suite_env(extra_path=[mods]))
    assert_usage_error(run, "not_a_dispatcher", "dispatcher")


def test_stdlib_target_unavailable_from_3_12(suite):
    """asynchat left the standard library in 3.12: there the built-in
    ``stdlib`` target is a usage error; before, it resolves to asynchat."""
    if sys.version_info >= (3, 12):
        assert_usage_error(suite("--target", "stdlib"), "stdlib", "unavailable")
    else:
        target = load_local(resolve("stdlib"))
        assert target.name == "stdlib"
        assert target.async_chat.__module__ == "asynchat"
        assert target.simple_producer is not None and target.find_prefix_at_end is not None


def _third_party_adapters(directory):
    """A distribution on ``directory`` that registers two targets through
    the entry point group: one unavailable here, one whose adapter is gone."""
    write_module(directory, "fake_port_adapter", """
        from asynchat_conformance import Target

        TARGET = Target(
            name="fake-port",
            module="asynchat_reference",
            summary="a port that needs an interpreter from the future",
            python=">=9.0",
        )
    """)
    info = directory / "fake_port_adapter-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: fake-port-adapter\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(
        "[asynchat_conformance.targets]\n"
        "fake-port = fake_port_adapter:TARGET\n"
        "vanished-port = no_such_adapter_module:TARGET\n", encoding="utf-8")
    return directory


def test_unavailable_third_party_target(suite, tmp_path):
    """On every Python: an adapter registered through the entry point that
    says it cannot run here."""
    dist = _third_party_adapters(tmp_path / "dist")
    run = suite("--target", "fake-port", env=suite_env(extra_path=[dist]))
    assert_usage_error(run, "fake-port", "unavailable", "needs an interpreter from the future")


def test_third_party_adapter_that_fails_to_load(suite, tmp_path):
    dist = _third_party_adapters(tmp_path / "dist")
    run = suite("--target", "vanished-port", env=suite_env(extra_path=[dist]))
    assert_usage_error(run, "vanished-port", "no_such_adapter_module")


def test_default_target_is_reference(suite):
    run = suite(*ONE_CASE)
    assert run.returncode == 0, run.explain()
    assert run.verdict_target == "reference", run.explain()
    assert run.verdicts.get("terminator.negative") == "PASS", run.explain()


def test_environment_variable_selects_the_target(suite):
    run = suite(*ONE_CASE, env=suite_env(ASYNCHAT_TARGET="broken_targets.negative_terminator"))
    assert run.verdict_target == "broken_targets.negative_terminator", run.explain()
    assert run.verdicts == {"terminator.negative": "FAIL"}, run.explain()
    assert run.returncode == 1, run.explain()


def test_environment_variable_with_a_bad_target_is_a_usage_error(suite):
    run = suite(env=suite_env(ASYNCHAT_TARGET="no_such_env_target_xyz"))
    assert_usage_error(run, "no_such_env_target_xyz")


def test_option_overrides_environment_variable(suite):
    run = suite("--target", "reference", *ONE_CASE,
                env=suite_env(ASYNCHAT_TARGET="no_such_env_target_xyz"))
    assert run.returncode == 0, run.explain()
    assert run.verdict_target == "reference", run.explain()


def test_plain_module_reexporting_the_reference_is_green(suite, tmp_path):
    """No adapter needed: any importable module exposing async_chat is a
    target.  This one is the reference under another name, so every case
    passes -- and every case listed by ``python -m asynchat_conformance list`` gets
    exactly one verdict."""
    mods = write_module(tmp_path / "mods", "plain_port", """
        from asynchat_reference import *  # noqa: F401,F403 -- async_chat, simple_producer, find_prefix_at_end
    """)
    run = suite("--target", "plain_port", *PROFILE, env=suite_env(extra_path=[mods]))
    assert run.returncode == 0, run.explain()
    assert run.verdict_target == "plain_port", run.explain()
    verdicts = run.verdicts
    # Informational cases are recorded, never judged.
    assert verdicts and set(verdicts.values()) <= {"PASS", "INFORMATIONAL"}, run.explain()
    listed = listed_case_ids()
    assert set(verdicts) == listed, (sorted(listed - set(verdicts)), sorted(set(verdicts) - listed))


def test_missing_helpers_are_unimplemented_not_failures(suite, tmp_path):
    mods = write_module(tmp_path / "mods", "chat_only_port", """
        import asynchat_reference as reference

        class async_chat(reference.async_chat):
            pass
    """)
    # One case that runs, too: a run in which nothing at all ran exits 5.
    run = suite("--target", "chat_only_port", "-k", "find_prefix_at_end or simple_producer or "
                "test_negative", env=suite_env(extra_path=[mods]))
    assert run.returncode == 0, run.explain()
    helpers = ("find-prefix-at-end", "simple-producer.more", "producer.simple-producer")
    assert {case: run.verdicts.get(case) for case in helpers} == dict.fromkeys(
        helpers, "UNIMPLEMENTED"), run.explain()
    assert run.verdicts.get("terminator.negative") == "PASS", run.explain()


# -- recorded deviations -------------------------------------------------------------

def write_deviations(tmp_path, text):
    path = tmp_path / "port.deviations"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return str(path)


def test_deviation_for_a_passing_case_fails_the_run(suite, tmp_path):
    deviations = write_deviations(tmp_path, """
        # the reference does not really deviate here
        terminator.negative: pretends to accept negative counts
    """)
    run = suite("--target", "reference", "--deviations", deviations, *ONE_CASE)
    assert run.returncode == 1, run.explain()
    assert run.verdicts == {"terminator.negative": "UNEXPECTED-PASS"}, run.explain()
    assert "pretends to accept negative counts" in run.output, run.explain()


def test_deviation_for_a_failing_case_is_an_expected_failure(suite, tmp_path):
    deviations = write_deviations(tmp_path, """
        terminator.negative: accepts negative counts (known, tracked upstream)
    """)
    run = suite("--target", "broken_targets.negative_terminator", "--deviations", deviations,
                *ONE_CASE)
    assert run.returncode == 0, run.explain()
    assert run.verdicts == {"terminator.negative": "EXPECTED-FAILURE"}, run.explain()


def test_deviations_naming_an_unknown_case(suite, tmp_path):
    deviations = write_deviations(tmp_path, """
        terminator.negative: fine
        no.such-case: never existed
    """)
    run = suite("--target", "reference", "--deviations", deviations)
    assert_usage_error(run, "no.such-case")


def test_deviations_with_a_malformed_line(suite, tmp_path):
    deviations = write_deviations(tmp_path, """\
        # comment
        terminator.negative: fine
        this line has no colon
    """)
    run = suite("--target", "reference", "--deviations", deviations)
    assert_usage_error(run, "%s:3" % deviations, "this line has no colon")


def test_deviations_recording_a_case_twice(suite, tmp_path):
    deviations = write_deviations(tmp_path, """\
        terminator.negative: one reason
        terminator.negative: another reason
    """)
    run = suite("--target", "reference", "--deviations", deviations)
    assert_usage_error(run, "terminator.negative", "twice")


def test_deviations_file_that_does_not_exist(suite, tmp_path):
    missing = str(tmp_path / "nowhere.deviations")
    assert_usage_error(suite("--target", "reference", "--deviations", missing), "nowhere.deviations")


# -- the working directory ----------------------------------------------------------

def test_dev_run_writes_nothing_into_the_working_directory(suite, tmp_path):
    """Hypothesis would put ``.hypothesis/`` (an example database, a cache)
    into the directory the suite runs from: a port's own checkout."""
    run = suite("--case", "property.differential", env=suite_env(CI=""))
    assert run.returncode == 0, run.explain()
    assert list((tmp_path / "run").iterdir()) == []

