"""Editable installs (``pip install -e .``) under the installed names.

The wheel maps three checkout folders onto other names (``conformance`` is
``asynchat_conformance``, ``targets`` is ``asynchat_conformance.targets``,
``reference`` is ``asynchat_reference``), which hatchling's own editable
installs cannot express.  For an editable build this hook adds a small
import finder that finds those names in the checkout, and a ``.pth`` file
that installs it at start-up.  Other builds are left alone.
"""

import os
import tempfile
from typing import Any, Dict

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

FINDER = "_asynchat_conformance_editable"

_FINDER_SOURCE = '''"""asynchat-conformance installed editable: its names, found in the checkout."""
import importlib.util
import sys

FOLDERS = %r


class Finder:
    @staticmethod
    def find_spec(fullname, path=None, target=None):
        folder = FOLDERS.get(fullname)
        if folder is None:
            return None
        return importlib.util.spec_from_file_location(
            fullname, folder + "/__init__.py", submodule_search_locations=[folder])


if Finder not in sys.meta_path:
    sys.meta_path.insert(0, Finder)
'''


class EditableUnderInstalledNames(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: Dict[str, Any]) -> None:
        if version != "editable":
            return
        # pyproject's wheel sources: checkout folder -> installed path
        sources = self.build_config.target_config["sources"]
        folders = {
            installed.replace("/", "."): os.path.join(self.root, folder)
            for folder, installed in sources.items()
        }
        scratch = tempfile.mkdtemp(prefix="asynchat-conformance-editable-")
        finder = os.path.join(scratch, FINDER + ".py")
        with open(finder, "w", encoding="utf-8") as handle:
            handle.write(_FINDER_SOURCE % folders)
        pth = os.path.join(scratch, FINDER + ".pth")
        with open(pth, "w", encoding="utf-8") as handle:
            handle.write("import %s\n" % FINDER)
        build_data["force_include_editable"] = {finder: FINDER + ".py", pth: FINDER + ".pth"}
