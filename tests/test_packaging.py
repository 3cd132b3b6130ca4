"""What installing from a checkout builds, and what it leaves behind.

Built as ``pip install .`` builds (pip, with the build backend fetched in an
isolated environment).  The wheel holds the checkout's three package folders under their installed
names (``conformance/`` as ``asynchat_conformance``, ``targets/`` as
``asynchat_conformance.targets``, ``reference/`` as ``asynchat_reference``),
package data included, and nothing else; building it writes nothing into the
checkout (a ``build/`` left there would be packed into later wheels).  An
editable install (``pip install -e .``) imports the same names from the
checkout's folders.
"""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path
from typing import List, Set

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: checkout folder -> where the wheel puts it
INSTALLED_AS = {
    "conformance": "asynchat_conformance",
    "targets": "asynchat_conformance/targets",
    "reference": "asynchat_reference",
}
#: What a build may leave in a folder it packs without packing it.
CACHES = ("__pycache__", ".pyc")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("git") is None or not (ROOT / ".git").exists(),
        reason="the checkout's state is read with git, and this is no git checkout",
    ),
]


#: What others write into the checkout while these tests run (bytecode of
#: whatever is imported, tox's environments), which no build may add to.
NOT_THE_BUILDS = ("__pycache__/", ".tox/")


def _git_status() -> List[str]:
    """Every path git does not see as committed, ignored ones included."""
    lines = subprocess.run(
        ["git", "status", "--porcelain", "--ignored", "--untracked-files=all"],
        cwd=str(ROOT),
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    ).stdout.splitlines()
    return [line for line in lines if not any(part in line for part in NOT_THE_BUILDS)]


def _checkout_files() -> Set[str]:
    """The files of the package folders, as the wheel should name them."""
    found = set()
    for folder, installed in INSTALLED_AS.items():
        for path in (ROOT / folder).rglob("*"):
            relative = path.relative_to(ROOT / folder)
            if path.is_file() and not any(part.endswith(CACHES) for part in relative.parts):
                found.add("%s/%s" % (installed, relative.as_posix()))
    return found


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """A wheel built from the checkout as ``pip install .`` builds it, and
    ``git status`` of the checkout before and after."""
    before = _git_status()
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
        env=dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1"),
    )
    (built,) = out.glob("*.whl")
    return built, before, _git_status()


def test_building_writes_nothing_into_the_checkout(wheel):
    _, before, after = wheel
    assert after == before


def test_the_wheel_holds_the_package_folders_under_their_installed_names(wheel):
    built, _, _ = wheel
    with zipfile.ZipFile(str(built)) as archive:
        names = set(archive.namelist())
    packed = {name for name in names if ".dist-info/" not in name}
    expected = _checkout_files()
    assert sorted(packed - expected) == [], "packed, but not a package file of the checkout"
    assert sorted(expected - packed) == [], "a package file of the checkout left out"
    # Package data among them, and the entry points the harness finds targets by.
    assert "asynchat_conformance/targets/stdlib.deviations" in packed
    assert any(name.startswith("asynchat_conformance/report/templates/") for name in packed)
    (entry_points,) = [name for name in names if name.endswith(".dist-info/entry_points.txt")]
    with zipfile.ZipFile(str(built)) as archive:
        text = archive.read(entry_points).decode("utf-8")
    assert "asynchat_conformance = asynchat_conformance.suite.plugin" in text
    assert "reference = asynchat_conformance.targets.reference:TARGET" in text


def test_an_editable_install_imports_the_checkout(tmp_path):
    before = _git_status()
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    subprocess.run(
        [python, "-m", "pip", "install", "--no-deps", "--quiet", "--editable", str(ROOT)],
        check=True,
        env=dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1"),
    )
    # The dependencies (and a built copy of this project) come from this
    # environment: the checkout's folders must still win.
    expected = {
        installed.replace("/", "."): str(ROOT / folder / "__init__.py")
        for folder, installed in INSTALLED_AS.items()
    }
    script = (
        "import importlib, json\n"
        "names = %r\n"
        "print(json.dumps({name: importlib.import_module(name).__file__ for name in names}))\n"
    ) % (sorted(expected),)
    here = sysconfig.get_paths()["purelib"]
    done = subprocess.run(
        [python, "-c", script],
        env=dict(os.environ, PYTHONPATH=here),
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout) == expected
    assert _git_status() == before
