"""Targets: an implementation under test, as plain data.

A ``Target`` says where an ``async_chat`` is (a module, perhaps files of a
distribution), what it needs (a distribution version, a Python) and what it
is known to do differently (its deviations, a package resource); it does not
say how to run it -- the driver decides that: in this process
(``driver.load_local``) or in another interpreter (``remote.proxy.load_remote``).

A SPEC resolves to a registered target (every built-in one, in ``targets/``,
and a third party's, through the ``asynchat_conformance.targets`` entry-point
group, whose object is a ``Target``), else to a plain ``module`` or
``module:attr`` -- so a port needs nothing registered to be judged.
"""

import re
from dataclasses import dataclass
from typing import Any, Dict, Optional, Sequence, Tuple

from .expectations import COMPARISONS, Deviations, ExpectationsError, parse_deviations

ENTRY_POINT_GROUP = "asynchat_conformance.targets"

Version = Tuple[int, ...]


class TargetUnavailable(Exception):
    """The target cannot be used here; the message says why, in one line."""


@dataclass(frozen=True)
class Target:
    """An implementation to judge; every field but the first two is optional."""

    name: str
    #: ``module`` or ``module:attr``: where the ``async_chat`` class is.
    module: str
    summary: str = ""
    #: The distribution that installs it (its version is the target's) and
    #: the versions of it this target is, e.g. ``">=4, <5"``.
    distribution: Optional[str] = None
    versions: str = ""
    #: The Pythons it exists on, e.g. ``"<3.12"``.
    python: str = ""
    #: Its recorded deviations: a package resource, ``"package:file"``.
    deviations: Optional[str] = None
    #: Files of distributions to load under private names, ``(module,
    #: distribution, path in its RECORD)`` each, ``module``'s last: for ports
    #: installed under names the standard library shadows (``loader.load_files``).
    files: Tuple[Tuple[str, str, str], ...] = ()
    #: ``module:attr`` of a loop adapter (``loader.AsyncoreLoop`` is the
    #: default), for a class asyncore's ``poll()`` cannot run; its
    #: ``built_as``, if it has one, says how its ``make()`` builds a channel.
    loop: Optional[str] = None

    def unavailable_on(self, python: Sequence[int]) -> Optional[str]:
        """Why it cannot run on that Python, or ``None``."""
        if self.python and not in_range(python, self.python):
            return "it runs on Python %s, this is %d.%d (%s)" % (
                self.python,
                python[0],
                python[1],
                self.summary or self.module,
            )
        return None

    def unavailable_with(self, version: Optional[str]) -> Optional[str]:
        """Why it cannot run with that version of its distribution installed
        (``None``: not installed), or ``None``."""
        if not self.distribution:
            return None
        wanted = "%s%s" % (self.distribution, self.versions.replace(" ", ""))
        if version is None:
            return "the %s distribution is not installed (pip install '%s')" % (
                self.distribution,
                wanted,
            )
        if self.versions and not in_range(_numbers(version), self.versions):
            return "%s %s is installed; this target is %s (%s)" % (
                self.distribution,
                version,
                wanted,
                self.summary or self.module,
            )
        return None

    def read_deviations(self, python: Sequence[int]) -> Deviations:
        """Its recorded deviations that apply to a run on ``python``."""
        if not self.deviations:
            return {}
        package, _, name = self.deviations.partition(":")
        try:
            text = _resource_text(package, name)
        except (OSError, ImportError) as exc:
            raise ExpectationsError(
                "cannot read the deviations of target %r (%s): %s"
                % (self.name, self.deviations, exc)
            ) from None
        return parse_deviations(text, self.deviations, python=(python[0], python[1]))

    def load_arguments(self) -> Dict[str, Any]:
        """What ``loader.load`` needs, wherever it runs."""
        return {
            "spec": self.module,
            "distribution": self.distribution,
            "files": [list(f) for f in self.files],
            "loop": self.loop,
        }


def resolve(spec: str) -> Target:
    """The target a SPEC names: a registered one, else ``module[:attr]``."""
    entry = registered().get(spec)
    if entry is None:
        return Target(name=spec, module=spec)
    try:
        target = entry.load()
    except Exception as exc:
        raise TargetUnavailable(
            "target %r: loading its entry point failed: %s: %s" % (spec, type(exc).__name__, exc)
        ) from None
    if not isinstance(target, Target):
        raise TargetUnavailable(
            "target %r: its entry point %s is not a conformance.Target" % (spec, entry.value)
        )
    return target


def unusable(target: Target, reason: str) -> TargetUnavailable:
    """The usage error for ``target``, which cannot run here because of
    ``reason``; a bare name that is neither registered nor a module is unknown."""
    names = registered()
    if target.name in names:
        return TargetUnavailable("target %r is unavailable: %s" % (target.name, reason))
    if "." in target.module or ":" in target.module:
        return TargetUnavailable(reason)
    return TargetUnavailable(
        "unknown target %r: not a registered target (%s) and not a usable module (%s)"
        % (target.name, ", ".join(sorted(names)), reason)
    )


def registered() -> Dict[str, Any]:
    """The entry points of the target group, by name."""
    from importlib import metadata

    found = metadata.entry_points()
    group = (
        found.select(group=ENTRY_POINT_GROUP)
        if hasattr(found, "select")
        else found.get(ENTRY_POINT_GROUP, ())
    )  # Python 3.8 and 3.9
    entries: Dict[str, Any] = {}
    for entry in group:
        entries.setdefault(entry.name, entry)
    return entries


# -- version ranges -----------------------------------------------------------------

_BOUND = re.compile(r"^(<=|>=|==|!=|<|>)\s*(\d+(?:\.\d+)*)$")


def in_range(version: Sequence[int], bounds: str) -> bool:
    """Whether ``version`` satisfies every comma-separated bound of ``bounds``
    (``">=4, <5"``), compared on as many components as the bound names."""
    for bound in bounds.split(","):
        match = _BOUND.match(bound.strip())
        if not match:
            raise ValueError("not a version bound: %r (expected e.g. '>=3.8' or '<5')" % bound)
        wanted = _numbers(match.group(2))
        have = (tuple(version) + (0,) * len(wanted))[: len(wanted)]
        if not COMPARISONS[match.group(1)](have, wanted):
            return False
    return True


def _numbers(version: str) -> Version:
    return tuple(int(part) for part in re.findall(r"\d+", version)[:3])


def _resource_text(package: str, name: str) -> str:
    import importlib.resources

    if hasattr(importlib.resources, "files"):
        return importlib.resources.files(package).joinpath(name).read_text(encoding="utf-8")
    return importlib.resources.read_text(package, name, encoding="utf-8")  # Python 3.8
