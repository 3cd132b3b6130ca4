"""The harness's modules import cleanly, form no import cycle, and keep
to their layer.

Every import statement counts, also one inside a function: a lazy import
hides a cycle from the interpreter, not from a reader.  The targets are
found through entry points, so no harness module imports ``targets``.  The
layers are subpackages: ``core`` imports no test runner and no other layer,
``report`` and ``remote`` only the core, ``suite`` (the pytest plugin) any.
"""

import ast
import importlib
import importlib.util
import pkgutil
import sys
from typing import Dict, Set

import pytest

import asynchat_conformance
from asynchat_conformance import targets

#: The harness's modules; the targets are data it finds by entry point.
MODULES = sorted(
    ["asynchat_conformance"]
    + [
        info.name
        for info in pkgutil.walk_packages(asynchat_conformance.__path__, "asynchat_conformance.")
        if not info.name.startswith(targets.__name__)
    ]
)


def _imports(name: str) -> Set[str]:
    """Every module ``name``'s source imports, as absolute names (an
    imported attribute of a package stands for the package)."""
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.origin, name
    with open(spec.origin, encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), spec.origin)
    package = name if spec.submodule_search_locations is not None else name.rpartition(".")[0]
    found: Set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = (
                importlib.util.resolve_name("." * node.level + (node.module or ""), package)
                if node.level
                else node.module or ""  # always named in an absolute import
            )
            found.add(base)
            found.update("%s.%s" % (base, alias.name) for alias in node.names)
    return found


def graph() -> Dict[str, Set[str]]:
    """harness module -> the harness modules it imports."""
    return {
        name: {other for other in _imports(name) if other in MODULES and other != name}
        for name in MODULES
    }


@pytest.mark.parametrize("name", MODULES)
def test_every_module_imports(name):
    importlib.import_module(name)


@pytest.mark.skipif(sys.version_info < (3, 9), reason="graphlib, which finds the cycle, is 3.9+")
def test_no_import_cycle():
    import graphlib

    try:
        graphlib.TopologicalSorter(graph()).prepare()
    except graphlib.CycleError as exc:
        pytest.fail("import cycle: %s" % " -> ".join(exc.args[1]))


def test_no_harness_module_imports_the_targets():
    for name in MODULES:
        assert not {
            i
            for i in _imports(name)
            if i == targets.__name__ or i.startswith(targets.__name__ + ".")
        }, name


#: subpackage -> the other subpackages it may import.
LAYERS = {
    "core": set(),
    "report": {"core"},
    "remote": {"core"},
    "suite": {"core", "report", "remote"},
}
#: What the core must run without: it judges a target outside pytest too.
TEST_RUNNERS = ("pytest", "_pytest", "hypothesis", "pluggy", "xdist")


def _layer(name: str) -> str:
    return name.split(".")[1] if name.count(".") >= 1 else ""


@pytest.mark.parametrize("name", [name for name in MODULES if _layer(name) in LAYERS])
def test_module_keeps_to_its_layer(name):
    top = name.split(".")[0]
    allowed = LAYERS[_layer(name)] | {_layer(name)}
    for other in _imports(name):
        if other.split(".")[0] in TEST_RUNNERS:
            assert _layer(name) != "core", "%s imports %s" % (name, other)
        elif other.split(".")[0] == top and _layer(other) in LAYERS:
            assert _layer(other) in allowed, "%s imports %s" % (name, other)


def test_the_core_runs_without_a_test_runner():
    """Not only no import statement: importing the whole core (and the
    package's public API) loads none of them, lazily or through the reference."""
    import subprocess
    import tempfile

    core = [name for name in MODULES if _layer(name) == "core"]
    code = (
        "import sys\n"
        + "".join("import %s\n" % name for name in core)
        + "print(sorted({m.split('.')[0] for m in sys.modules} & set(%r)))" % (TEST_RUNNERS,)
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tempfile.gettempdir(),
        check=True,
    )
    assert done.stdout.strip() == "[]", done.stdout + done.stderr
