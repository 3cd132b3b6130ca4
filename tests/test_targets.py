"""Targets as data: every built-in one is an entry point whose deviations
parse, version ranges mean what they say, and every channel step of a
scenario has its op on the channel side."""

import pkgutil

import pytest

from asynchat_conformance import targets
from asynchat_conformance.core import reentrancy, states
from asynchat_conformance.core import scenario as sc
from asynchat_conformance.core.channel import OPS
from asynchat_conformance.core.target import Target, in_range, registered, resolve

BUILT_IN = sorted(
    info.name for info in pkgutil.iter_modules(targets.__path__) if not info.name.startswith("_")
)


@pytest.mark.parametrize("module", BUILT_IN)
def test_every_built_in_target_is_an_entry_point(module):
    declared = __import__("%s.%s" % (targets.__name__, module), fromlist=["TARGET"]).TARGET
    assert isinstance(declared, Target)
    assert registered()[declared.name].value == "%s.%s:TARGET" % (targets.__name__, module)
    assert resolve(declared.name) == declared
    declared.read_deviations((3, 11))  # the package resource exists and parses


#: The cases the coverage tables generate: one operation judged in every
#: channel state, or from inside one callback with every operation.
GENERATED_CASES = {states.case_id(operation) for operation in states.OPERATIONS} | {
    row.case for row in reentrancy.ROWS
}


@pytest.mark.parametrize("module", BUILT_IN)
def test_no_built_in_record_excuses_a_whole_generated_case(module):
    """A case record turns every example of its case that differs into an
    expected failure: for a generated case that is every state (or every
    operation), where the port's difference was seen in one.  A difference
    there is recorded by its rule and variant, which excuses it alone."""
    declared = __import__("%s.%s" % (targets.__name__, module), fromlist=["TARGET"]).TARGET
    for python in ((2, 7), (3, 8), (3, 11), (3, 13)):
        recorded = set(declared.read_deviations(python))
        assert sorted(recorded & GENERATED_CASES) == [], python


def test_a_module_spec_resolves_to_a_plain_target():
    assert resolve("mypkg.chat:Chat") == Target(name="mypkg.chat:Chat", module="mypkg.chat:Chat")


@pytest.mark.parametrize(
    "version, bounds, inside",
    [
        ((3, 11), "<3.12", True),
        ((3, 12), "<3.12", False),
        ((3, 12, 1), ">=3.12", True),
        ((4, 3, 0), ">=4, <5", True),
        ((5, 0), ">=4, <5", False),
        ((1, 5, 10), "<2", True),
        ((2, 2, 0), ">=2", True),
        ((2, 7), "!=2.7", False),
    ],
)
def test_version_ranges(version, bounds, inside):
    assert in_range(version, bounds) is inside


def test_why_a_target_is_unavailable():
    target = Target(
        name="port", module="port", distribution="port-dist", versions=">=2", python=">=3.9"
    )
    assert "Python >=3.9, this is 3.8" in target.unavailable_on((3, 8))  # type: ignore[operator]  # None fails the test as well
    assert target.unavailable_on((3, 9)) is None
    assert "not installed" in target.unavailable_with(None)  # type: ignore[operator]  # None fails the test as well
    assert "port-dist 1.0 is installed" in target.unavailable_with("1.0")  # type: ignore[operator]  # None fails the test as well
    assert target.unavailable_with("2.1") is None


def test_every_channel_step_has_its_op():
    peer_steps = {"Scenario", "Deliver", "PeerClose", "Batch"}
    channel_steps = [name for name in sc.__all__ if name not in peer_steps]
    assert channel_steps and all(name in OPS for name in channel_steps), sorted(OPS)


def test_stdlib_is_unavailable_only_from_3_12():
    assert resolve("stdlib").unavailable_on((3, 11)) is None
    assert "Python <3.12" in resolve("stdlib").unavailable_on((3, 12))  # type: ignore[operator]  # None fails the test as well
