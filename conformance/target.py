"""Targets: an implementation under test, however it was found.

A target is resolved from a SPEC: a registered adapter name (the built-ins in
``targets/`` or a third party's ``asynchat_conformance.targets`` entry
point), else an importable ``module`` or ``module:attr`` that exposes an
asyncore-style ``async_chat`` -- so a port needs no adapter to be judged.
"""

import importlib
import sys
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Callable, Dict, Mapping, Optional, Tuple

from .expectations import Deviations, load_deviations

ENTRY_POINT_GROUP = "asynchat_conformance.targets"


class TargetUnavailable(Exception):
    """The target cannot be used here; the message says why, in one line."""


@dataclass(frozen=True)
class Target:
    name: str
    async_chat: type
    pump: Callable[[dict], None]
    description: str
    simple_producer: Optional[Callable[..., Any]] = None
    find_prefix_at_end: Optional[Callable[[bytes, bytes], int]] = None
    deviations: Deviations = field(default_factory=dict)
    #: The implementation's own version, where it has one.
    version: str = ""
    #: Modules whose global state (``socket_map``) the sandbox restores.
    global_state: Tuple[ModuleType, ...] = ()

    def make_channel(self, cls: type, sock: Any, map: dict) -> Any:  # noqa: A002
        return cls(sock, map=map)

    def session(self, scenario: Any) -> Any:
        """A ``driver.Session`` for ``scenario``: this process, over a real
        socket pair.  Out-of-process targets (``conformance.remote``) make
        their own kind."""
        from .driver import Session, socket_wire

        return Session(self, scenario, socket_wire(self, scenario))


@dataclass(frozen=True)
class ModuleAdapter:
    """An adapter for an implementation that is one importable module.

    ``unavailable`` returns the reason the target cannot run on this
    interpreter, or ``None``; ``deviations`` names a file beside the adapter.
    """

    name: str
    module: str
    summary: str
    unavailable: Callable[[], Optional[str]] = lambda: None
    deviations: Optional[str] = None

    def load(self) -> Target:
        reason = self.unavailable()
        if reason:
            raise TargetUnavailable("target %r is unavailable: %s" % (self.name, reason))
        records = load_deviations(self.deviations) if self.deviations else {}
        return from_module(self.module, name=self.name, deviations=records)


def from_module(spec: str, name: Optional[str] = None, deviations: Optional[Deviations] = None) -> Target:
    """A target from ``module`` or ``module:attr`` naming an ``async_chat``."""
    module_name, _, attr = spec.partition(":")
    try:
        module = _import_quietly(module_name)
    except ImportError as exc:
        raise TargetUnavailable("cannot import %r: %s" % (module_name, exc)) from None
    except Exception as exc:  # a module that breaks on import is a bad target, not a crash
        raise TargetUnavailable(
            "importing %r failed: %s: %s" % (module_name, type(exc).__name__, exc)
        ) from None
    chat = getattr(module, attr or "async_chat", None)
    if not isinstance(chat, type):
        raise TargetUnavailable("%r has no async_chat class%s" % (
            module_name, " named %r" % attr if attr else ""))
    home = sys.modules.get(chat.__module__, module)
    return Target(
        name=name or spec,
        async_chat=chat,
        pump=_find_pump(chat),
        global_state=_loop_modules(chat),
        description="%s.%s from %s" % (chat.__module__, chat.__qualname__, _where(home)),
        # The named module's own helpers first: a port may reuse another
        # module's class and still ship helpers of its own.
        simple_producer=getattr(module, "simple_producer", None) or getattr(home, "simple_producer", None),
        find_prefix_at_end=getattr(module, "find_prefix_at_end", None)
        or getattr(home, "find_prefix_at_end", None),
        deviations=deviations or {},
        version=str(getattr(home, "__version__", "") or getattr(module, "__version__", "") or ""),
    )


def resolve(spec: str, adapters: Optional[Mapping[str, Any]] = None) -> Target:
    """The target a SPEC names; ``TargetUnavailable`` with one line if none."""
    adapters = registered_adapters() if adapters is None else adapters
    if spec in adapters:
        return adapters[spec].load()
    try:
        return from_module(spec)
    except TargetUnavailable as exc:
        if ":" in spec or "." in spec:
            raise
        raise TargetUnavailable(
            "unknown target %r: not a registered target (%s) and not a usable module (%s)"
            % (spec, ", ".join(sorted(adapters)), exc)
        ) from None


def registered_adapters() -> Dict[str, Any]:
    """Built-in adapters, then third-party ones from entry points."""
    from targets import ADAPTERS

    adapters = dict(ADAPTERS)
    for entry in _entry_points(ENTRY_POINT_GROUP):
        adapters.setdefault(entry.name, _LazyEntryPoint(entry))
    return adapters


@dataclass(frozen=True)
class _LazyEntryPoint:
    entry: Any

    def load(self) -> Target:
        try:
            adapter = self.entry.load()
        except Exception as exc:
            raise TargetUnavailable("target %r: loading its adapter failed: %s: %s" % (
                self.entry.name, type(exc).__name__, exc)) from None
        return adapter.load()


def _entry_points(group: str) -> Any:
    from importlib import metadata

    found = metadata.entry_points()
    if hasattr(found, "select"):
        return found.select(group=group)
    return found.get(group, ())  # Python 3.8 and 3.9


def _import_quietly(name: str) -> ModuleType:
    import warnings

    with warnings.catch_warnings():
        # asynchat/asyncore announce their deprecation on import (3.10, 3.11).
        warnings.simplefilter("ignore", DeprecationWarning)
        return importlib.import_module(name)


def _loop_modules(chat: type) -> Tuple[ModuleType, ...]:
    modules = (sys.modules.get(klass.__module__) for klass in chat.__mro__)
    return tuple(m for m in modules if m is not None and isinstance(getattr(m, "socket_map", None), dict))


def _find_pump(chat: type) -> Callable[[dict], None]:
    """One round of the event loop the channel class was written for: the
    ``poll()`` of the module that defines its ``dispatcher`` base."""
    for klass in chat.__mro__:
        module = sys.modules.get(klass.__module__)
        poll = getattr(module, "poll", None)
        if klass.__name__ == "dispatcher" and callable(poll):
            return lambda map: poll(0.0, map)  # noqa: A006
    raise TargetUnavailable(
        "%s.%s does not derive from an asyncore-style dispatcher; "
        "register an adapter that knows how to pump its loop" % (chat.__module__, chat.__qualname__)
    )


def _where(module: ModuleType) -> str:
    version = getattr(module, "__version__", None)
    location = getattr(module, "__file__", None) or "<built-in>"
    return location + (" (version %s)" % version if version else "")
