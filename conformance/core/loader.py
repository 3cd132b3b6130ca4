"""Loading a target in the process that runs it: its ``async_chat`` class,
its helpers, and the loop its channels run on.

``load()`` takes what a ``target.Target`` says (a ``module[:attr]``, the
distribution it comes from, files to load from that distribution, a loop
adapter) and returns a ``Loaded``.  The driver calls it in the harness's
process; the agent calls it in another interpreter.  Hence, like
``channel.py``, plain Python that runs unchanged on 2.7 and 3.x, importing
nothing from this package.
"""

import base64
import hashlib
import inspect
import socket
import sys
import warnings

try:  # for the type comments; Python 2 has no typing
    from typing import Any, Optional, Sequence, Tuple  # noqa: F401
except ImportError:
    pass


class LoadError(Exception):
    """The target cannot be loaded here; the message says why, in one line."""


class Loaded(object):
    """A target as its own process sees it.

    ``chat`` is the ``async_chat`` class; ``loop`` makes its channels and
    pumps their loop (``AsyncoreLoop`` unless the target names its own);
    ``global_state`` are the modules whose ``socket_map`` a scenario must
    leave as it found it.
    """

    def __init__(self, chat, module, loop, version, description):
        self.chat, self.loop, self.version, self.description = chat, loop, version, description
        home = sys.modules.get(chat.__module__, module)
        # The named module's own helpers first: a port may reuse another
        # module's class and still ship helpers of its own.
        self.simple_producer = getattr(module, "simple_producer", None) or getattr(
            home, "simple_producer", None
        )
        self.find_prefix_at_end = getattr(module, "find_prefix_at_end", None) or getattr(
            home, "find_prefix_at_end", None
        )
        self.global_state = loop_modules(chat)
        #: How the harness builds this target's channels, for the run's summary.
        fallback = "%s.make(cls, sock, map)" % type(loop).__name__
        self.built_as = getattr(loop, "built_as", None) or fallback


def load(spec, distribution=None, files=(), loop=None):
    # type: (str, Optional[str], Sequence[Tuple[str, str, str]], Optional[str]) -> Loaded
    """The target ``spec`` (``module`` or ``module:attr``) names.

    ``files`` are ``(module, distribution, path)`` triples: files of installed
    distributions to execute under private names, in order, each one's
    ``import module`` answered by the ones before it (see ``load_files``);
    ``spec``'s module is then the last of them.  ``distribution``'s version
    is the target's; ``loop`` (``module:attr``) makes the loop adapter.
    """
    module_name, _, attr = spec.partition(":")
    notes = []
    if files:
        module, version, notes = load_files(files)
    else:
        module = _import(module_name)
        version = None
    chat = getattr(module, attr or "async_chat", None)
    if not inspect.isclass(chat):
        raise LoadError(
            "%r has no async_chat class%s" % (module_name, " named %r" % attr if attr else "")
        )
    home = sys.modules.get(chat.__module__, module)
    if distribution:
        version = distribution_version(distribution)
        notes.append("%s %s" % (distribution, version))
    if version is None:
        version = str(getattr(home, "__version__", "") or getattr(module, "__version__", "") or "")
    runner = _attribute(loop)(chat) if loop else AsyncoreLoop(chat)
    describe = getattr(runner, "describe", None)
    if describe:
        notes.append(describe())
    where = getattr(home, "__file__", None) or "<built-in>"
    if where.endswith(".pyc"):
        where = where[:-1]
    if getattr(home, "__version__", None):
        where += " (version %s)" % home.__version__
    description = "%s.%s from %s" % (
        chat.__module__,
        getattr(chat, "__qualname__", chat.__name__),
        where,
    )
    if notes:
        description += " [%s]" % "; ".join(notes)
    return Loaded(chat, module, runner, version or "", description)


def _import(name):
    with warnings.catch_warnings():
        # asynchat/asyncore announce their deprecation on import (3.10, 3.11).
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            __import__(name)
        except ImportError as exc:
            raise LoadError("cannot import %r: %s" % (name, exc))
        except Exception as exc:  # a module that breaks on import is a bad target, not a crash
            raise LoadError("importing %r failed: %s: %s" % (name, type(exc).__name__, exc))
    return sys.modules[name]


def _attribute(spec):
    module_name, _, attr = spec.partition(":")
    return getattr(_import(module_name), attr)


def loop_modules(chat):
    """The asyncore-like modules (with a global ``socket_map``) ``chat`` runs on."""
    found = []
    for klass in inspect.getmro(chat):
        module = sys.modules.get(klass.__module__)
        if (
            module is not None
            and isinstance(getattr(module, "socket_map", None), dict)
            and module not in found
        ):
            found.append(module)
    return found


# -- the loop ---------------------------------------------------------------------------


class AsyncoreLoop(object):
    """Channels of an asyncore-style class: one pump is one ``poll(0.0, map)``
    of the module that defines its ``dispatcher`` base."""

    def __init__(self, chat):
        self.poll = None  # type: Any
        for klass in inspect.getmro(chat):
            poll = getattr(sys.modules.get(klass.__module__), "poll", None)
            if klass.__name__ == "dispatcher" and callable(poll):
                self.poll = poll
                break
        if self.poll is None:
            raise LoadError(
                "%s.%s does not derive from an asyncore-style dispatcher; register a target "
                "with a loop adapter that knows how to pump its loop"
                % (chat.__module__, getattr(chat, "__qualname__", chat.__name__))
            )
        self.built_as = built_as(chat)

    def pump(self, map):  # noqa: A002
        self.poll(0.0, map)

    def make(self, cls, sock, map):  # noqa: A002
        """``cls(sock, map=map)``; a class whose constructor takes no map
        (medusa's ``__init__(self, conn=None)``) is built on ``sock`` alone
        and then moved from the map it registered in into ``map`` (its own
        case, ``constructor.documented-signature``, fails; every other case
        judges its behaviour)."""
        if takes_map(cls):
            return cls(sock, map=map)
        channel = cls(sock)
        maps = [getattr(channel, "_map", None)] + [m.socket_map for m in loop_modules(cls)]
        for registered in maps:
            if isinstance(registered, dict) and registered is not map:
                for fd, obj in list(registered.items()):
                    if obj is channel:
                        del registered[fd]
                        map[fd] = channel
        channel._map = map
        return channel


def takes_map(cls):
    """Whether ``cls(sock, map=...)`` is a call its constructor accepts."""
    signature = getattr(inspect, "signature", None)
    if signature is None:  # Python 2
        init = getattr(cls.__init__, "__func__", cls.__init__)
        try:
            spec = inspect.getargspec(init)  # type: ignore[attr-defined]  # Python 2's
        except TypeError:
            return True
        return "map" in spec.args or spec.keywords is not None
    try:
        parameters = signature(cls).parameters
    except (TypeError, ValueError):
        return True
    return "map" in parameters or any(p.kind == p.VAR_KEYWORD for p in parameters.values())


# -- the constructor --------------------------------------------------------------------

#: How ``AsyncoreLoop.make`` builds a channel, as the run's summary and
#: results file say it.
BUILT_WITH_MAP = "cls(sock, map=map)"
BUILT_THEN_MOVED = "cls(sock), then moved from the map it registered in into the harness's map"


def built_as(cls):
    # type: (type) -> str
    """How ``AsyncoreLoop.make`` builds channels of ``cls``."""
    return BUILT_WITH_MAP if takes_map(cls) else BUILT_THEN_MOVED


#: The documented calls of ``async_chat(sock=None, map=None)``, by their
#: text: the positional and the keyword arguments, where ``"sock"`` stands
#: for a connected socket and ``"map"`` for a map of the caller's.
CONSTRUCTOR_CALLS = {
    "async_chat()": ((), {}),
    "async_chat(sock)": (("sock",), {}),
    "async_chat(sock, map)": (("sock", "map"), {}),
    "async_chat(sock, map=map)": (("sock",), {"map": "map"}),
    "async_chat(sock=sock, map=map)": ((), {"sock": "sock", "map": "map"}),
}


def construct(cls, call, raised_name):
    # type: (type, str, Any) -> Any
    """What the documented ``call`` (a key of ``CONSTRUCTOR_CALLS``) of
    ``cls`` does, as a caller can see it: the channel's socket, whether it
    is connected and which map it registered in -- or what it raised, named
    by ``raised_name`` (``channel.raised_name``: this module imports nothing
    of its package), with the constructor's signature.  The channel is
    closed and unregistered again, its sockets closed."""
    positional, keywords = CONSTRUCTOR_CALLS[call]
    sock, peer = socket.socketpair()
    own = {}  # type: dict[int, Any]
    given = {"sock": sock, "map": own}
    maps = [own] + [module.socket_map for module in loop_modules(cls)]
    channel = None
    try:
        try:
            channel = cls(
                *[given[name] for name in positional],
                **dict((key, given[name]) for key, name in keywords.items())
            )
        except Exception as exc:
            raised = raised_name(type(exc))
            return u"raised %s; the constructor is %s" % (raised, signature_text(cls))
        return _built(channel, sock, maps)
    finally:
        _unregister(channel, maps)
        sock.close()
        peer.close()


def _built(channel, sock, maps):
    own, module_maps = maps[0], maps[1:]

    def registered_in(found):
        return any(entry is channel for entry in found.values())

    if registered_in(own):
        where = u"in the map given"
    elif any(registered_in(found) for found in module_maps):
        where = u"in its module's socket_map"
    else:
        where = u"in neither a map passed nor its module's socket_map"
    held = getattr(channel, "socket", None)
    if held is None:
        on = u"no socket"
    else:
        on = u"the socket given" if held is sock else u"another socket"
    return u"%s, %s, %s" % (
        on,
        u"connected" if getattr(channel, "connected", False) else u"not connected",
        where,
    )


def _unregister(channel, maps):
    if channel is None:
        return
    try:
        channel.close()
    except Exception:
        pass  # what is left registered is taken out below
    for found in maps:
        for fd, entry in list(found.items()):
            if entry is channel:
                del found[fd]


def signature_text(cls):
    # type: (type) -> str
    """``cls``'s constructor as its callers see it, e.g. ``async_chat(conn=None)``."""
    name = cls.__name__
    signature = getattr(inspect, "signature", None)
    if signature is not None:
        try:
            return name + str(signature(cls))
        except (TypeError, ValueError):
            return name + "(...)"
    init = getattr(cls, "__init__", None)
    init = getattr(init, "__func__", init)
    try:
        spec = inspect.getargspec(init)  # type: ignore[attr-defined]  # Python 2's
    except TypeError:
        return name + "(...)"
    return name + str(
        inspect.formatargspec(  # type: ignore[attr-defined]  # Python 2's
            spec.args[1:], spec.varargs, spec.keywords, spec.defaults
        )
    )


# -- distributions ----------------------------------------------------------------------


def _metadata():
    try:
        from importlib import metadata
    except ImportError:
        try:
            # The backport, on 3.6 and 3.7 (not installed where mypy runs).
            import importlib_metadata as metadata  # type: ignore[import-not-found,no-redef]
        except ImportError:
            return None
    return metadata


def distribution_version(name):
    # type: (str) -> Optional[str]
    """The installed version of distribution ``name``, or ``None``."""
    metadata = _metadata()
    if metadata is not None:
        try:
            version = metadata.version(name)  # type: str
            return version
        except Exception:
            return None
    try:
        import pkg_resources  # type: ignore[import-not-found]  # Python 2: setuptools'

        found = pkg_resources.get_distribution(name).version  # type: str
        return found
    except Exception:
        return None


def load_files(files):
    """Execute files of installed distributions as private modules.

    PyPI ports of ``asynchat`` install themselves under the standard
    library's own names (``asynchat``, ``asyncore``), which the standard
    library shadows up to 3.11.  Each ``(module, distribution, path)`` is
    found through the distribution's file list (``RECORD``), checked
    against its hash, and executed as ``_asynchat_conformance_DIST__MODULE``
    while ``sys.modules[module]`` answers with the files loaded before it.
    Nothing under a public name is changed for longer than that.  Returns
    the last module, its distribution's version and a note per file.
    """
    imports, notes, version = {}, [], None  # type: dict[str, Any], list[str], Any
    for module_name, distribution, path in files:
        filename, version, overwritten_by = locate(distribution, path)
        if overwritten_by:
            notes.append(
                "%s: %s's %s, which overwrote %s %s's copy"
                % (module_name, overwritten_by, path, distribution, version)
            )
        else:
            notes.append("%s: %s %s" % (module_name, distribution, version))
        private = "_asynchat_conformance_%s__%s" % (
            distribution.replace("-", "_"),
            module_name.replace(".", "_"),
        )
        imports[module_name] = _load_private(private, filename, imports)
    return imports[files[-1][0]], version, notes


def locate(distribution, path):
    """(filename, version, owner): where ``path`` of ``distribution`` is,
    and, when the file there is not the one it installed, whose copy it is."""
    metadata = _metadata()
    if metadata is None:
        raise LoadError("loading %s's files needs importlib.metadata (Python 3.8+)" % distribution)
    try:
        dist = metadata.distribution(distribution)
    except metadata.PackageNotFoundError:
        raise LoadError(
            "the %s distribution is not installed (pip install %s)" % (distribution, distribution)
        )
    entry = None
    for candidate in dist.files or ():
        if candidate.as_posix() == path:
            entry = candidate
    if entry is None:
        raise LoadError("%s %s installed no %s" % (distribution, dist.version, path))
    filename = str(dist.locate_file(entry))
    try:
        with open(filename, "rb") as handle:
            content = handle.read()
    except (IOError, OSError) as exc:
        raise LoadError("cannot read %s: %s" % (filename, exc.strerror))
    if entry.hash is None or _digest(entry.hash.mode, content) == entry.hash.value:
        return filename, dist.version, None
    return filename, dist.version, _owner(metadata, path, content)


def _digest(mode, content):
    digest = hashlib.new(mode, content).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _owner(metadata, path, content):
    """Which installed distribution's copy of ``path`` the file is."""
    for dist in metadata.distributions():
        for entry in dist.files or ():
            if (
                entry.as_posix() == path
                and entry.hash is not None
                and _digest(entry.hash.mode, content) == entry.hash.value
            ):
                return "%s %s" % (dist.metadata["Name"], dist.version)
    return "an unknown distribution"


def _load_private(name, filename, imports):
    if name in sys.modules:
        return sys.modules[name]
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, filename)
    # A file of a distribution's RECORD, named *.py: a source file, which has a loader.
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    saved = dict((key, sys.modules.get(key)) for key in imports)
    sys.modules[name] = module
    sys.modules.update(imports)
    try:
        with warnings.catch_warnings():
            # The redistributions announce their deprecation on import.
            warnings.simplefilter("ignore", DeprecationWarning)
            spec.loader.exec_module(module)
    except Exception as exc:
        del sys.modules[name]
        raise LoadError("executing %s failed: %s: %s" % (filename, type(exc).__name__, exc))
    finally:
        for key, value in saved.items():
            if value is None:
                sys.modules.pop(key, None)
            else:
                sys.modules[key] = value
    return module
