"""Loading a port from the files its distribution installed.

PyPI ports of ``asynchat`` install themselves under the standard library's
own module names (``asynchat``, ``asyncore``).  On Pythons that still ship
those modules the standard library comes first on ``sys.path``, so
``import asynchat`` never reaches the port.  ``DistributionAdapter`` finds
the file through the distribution's own file list (``RECORD``) instead and
executes it under a private module name, with the ``import asyncore`` inside
it answered by the asyncore the port is meant to run on, loaded the same way.
Nothing in ``sys.modules`` under a public name is changed for longer than
that import.
"""

import base64
import hashlib
import importlib.util
import sys
import warnings
from dataclasses import dataclass, replace
from types import ModuleType
from typing import Callable, Dict, List, Optional, Tuple

from conformance.target import Target, TargetUnavailable, from_module
from conformance.expectations import load_deviations


@dataclass(frozen=True)
class InstalledFile:
    """One module file of an installed distribution.

    ``module`` is the name it is imported under as the port's own code sees
    it (``asyncore``); ``path`` is where the distribution's ``RECORD`` lists
    it (``asyncore/__init__.py``).
    """

    distribution: str
    path: str
    module: str


@dataclass(frozen=True)
class Located:
    filename: str
    version: str
    #: When the file on disk is not the one the distribution installed: the
    #: distribution whose copy it is (another one installing the same path),
    #: or ``"an unknown distribution"``.
    overwritten_by: Optional[str] = None


def locate(wanted: InstalledFile) -> Located:
    """Where ``wanted`` is on disk, checked against the ``RECORD`` hashes."""
    from importlib import metadata

    try:
        dist = metadata.distribution(wanted.distribution)
    except metadata.PackageNotFoundError:
        raise TargetUnavailable("the %s distribution is not installed (pip install %s)"
                                % (wanted.distribution, wanted.distribution)) from None
    entry = next((f for f in dist.files or () if f.as_posix() == wanted.path), None)
    if entry is None:
        raise TargetUnavailable("%s %s installed no %s"
                                % (wanted.distribution, dist.version, wanted.path))
    filename = str(dist.locate_file(entry))
    try:
        with open(filename, "rb") as handle:
            content = handle.read()
    except OSError as exc:
        raise TargetUnavailable("cannot read %s: %s" % (filename, exc.strerror)) from None
    if entry.hash is None or _digest(entry.hash.mode, content) == entry.hash.value:
        return Located(filename, dist.version)
    return Located(filename, dist.version, _owner(wanted.path, content))


def _digest(mode: str, content: bytes) -> str:
    digest = hashlib.new(mode, content).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _owner(path: str, content: bytes) -> str:
    """Which installed distribution's copy of ``path`` the file is."""
    from importlib import metadata

    for dist in metadata.distributions():
        for entry in dist.files or ():
            if entry.as_posix() == path and entry.hash is not None \
                    and _digest(entry.hash.mode, content) == entry.hash.value:
                return "%s %s" % (dist.metadata["Name"], dist.version)
    return "an unknown distribution"


def load_private(name: str, filename: str, imports: Dict[str, ModuleType]) -> ModuleType:
    """Execute ``filename`` as module ``name`` (kept in ``sys.modules``, so
    tracebacks and the target's description can find it), with the modules
    in ``imports`` standing in for those names while it runs."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, filename)
    if spec is None or spec.loader is None:
        raise TargetUnavailable("cannot load %s as a module" % filename)
    module = importlib.util.module_from_spec(spec)
    saved = {key: sys.modules.get(key) for key in imports}
    sys.modules[name] = module
    sys.modules.update(imports)
    try:
        with warnings.catch_warnings():
            # The redistributions announce their deprecation on import.
            warnings.simplefilter("ignore", DeprecationWarning)
            spec.loader.exec_module(module)
    except Exception as exc:
        del sys.modules[name]
        raise TargetUnavailable("executing %s failed: %s: %s"
                                % (filename, type(exc).__name__, exc)) from None
    finally:
        for key, value in saved.items():
            if value is None:
                sys.modules.pop(key, None)
            else:
                sys.modules[key] = value
    return module


@dataclass(frozen=True)
class DistributionAdapter:
    """A port that is one file of a distribution, run on the dependencies
    (also files of distributions) it is published with."""

    name: str
    summary: str
    chat: InstalledFile
    needs: Tuple[InstalledFile, ...] = ()
    unavailable: Callable[[], Optional[str]] = lambda: None
    deviations: Optional[str] = None

    def private_name(self, wanted: InstalledFile) -> str:
        return "_asynchat_conformance_%s__%s" % (
            wanted.distribution.replace("-", "_"), wanted.module.replace(".", "_"))

    def load(self) -> Target:
        reason = self.unavailable()
        if reason:
            raise TargetUnavailable("target %r is unavailable: %s" % (self.name, reason))
        records = load_deviations(self.deviations) if self.deviations else {}
        imports: Dict[str, ModuleType] = {}
        notes: List[str] = []
        version = ""
        for wanted in self.needs + (self.chat,):
            found = locate(wanted)
            version = found.version
            if found.overwritten_by:
                notes.append("%s: %s's %s, which overwrote %s %s's copy" % (
                    wanted.module, found.overwritten_by, wanted.path,
                    wanted.distribution, found.version))
            else:
                notes.append("%s: %s %s" % (wanted.module, wanted.distribution, found.version))
            imports[wanted.module] = load_private(self.private_name(wanted), found.filename, imports)
        chat_module = imports[self.chat.module]
        target = from_module(chat_module.__name__, name=self.name, deviations=records)
        return replace(target, version=version,
                       description="%s [%s]" % (target.description, "; ".join(notes)))


def distribution_version(name: str) -> Optional[str]:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


@dataclass(frozen=True)
class PackagedModuleAdapter:
    """A port that is an importable module of a distribution (no shadowing
    to work around); the description names the distribution's version.
    ``unavailable`` gets that version (``None``: not installed)."""

    name: str
    summary: str
    module: str
    distribution: str
    unavailable: Callable[[Optional[str]], Optional[str]] = lambda version: None
    deviations: Optional[str] = None

    def load(self) -> Target:
        version = distribution_version(self.distribution)
        reason = self.unavailable(version)
        if reason is None and version is None:
            reason = "the %s distribution is not installed (pip install %s)" % (
                self.distribution, self.distribution)
        if reason:
            raise TargetUnavailable("target %r is unavailable: %s" % (self.name, reason))
        records = load_deviations(self.deviations) if self.deviations else {}
        target = from_module(self.module, name=self.name, deviations=records)
        return replace(target, version=version, description="%s [%s %s]" % (
            target.description, self.distribution, version))
