"""Hypothesis settings profiles for the property cases.

``ci`` (the default when ``CI`` is set) is derandomized and bounded, so a
pipeline gives the same verdicts on every run; ``dev`` explores afresh each
run; ``thorough`` is for nightly runs.  Pick one with pytest's
``--hypothesis-profile NAME``.

No profile keeps an example database: replaying stored failures first would
make a run depend on the runs before it, and every run is seeded (the plugin
picks a seed, recorded in the results, when none is given), which Hypothesis
answers by not saving examples anyway.  What Hypothesis still stores (a cache)
goes to a temporary directory rather than ``.hypothesis/`` in whatever
directory a port maintainer runs the suite from, unless
``HYPOTHESIS_STORAGE_DIRECTORY`` says where.
"""

import os
import tempfile
from typing import Any, Dict

from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir

_COMMON: Dict[str, Any] = dict(
    deadline=None,
    database=None,
    print_blob=True,
    # One minimal reproduction per case, not an exception group of several.
    report_multiple_bugs=False,
    # ``conform`` is stateless between examples, so sharing it is safe.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

settings.register_profile(
    "ci", derandomize=True, max_examples=60, stateful_step_count=25, **_COMMON
)
settings.register_profile("dev", max_examples=60, stateful_step_count=25, **_COMMON)
settings.register_profile("thorough", max_examples=1500, stateful_step_count=60, **_COMMON)

#: The profile the plugin was told to use, if the user named one.
_chosen: "list[str]" = []
#: Where Hypothesis keeps its caches when nobody said (removed at exit).
_storage: "list[tempfile.TemporaryDirectory[str]]" = []


def activate(name: "str | None" = None) -> None:
    """Load the user's profile, or ``ci``/``dev`` if none was named.

    The plugin calls this with the command line's choice at configure time;
    the cases package calls it bare on import, which keeps that choice.
    """
    if name:
        _chosen[:] = [name]
    if not _storage and not os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
        _storage.append(tempfile.TemporaryDirectory(prefix="asynchat-conformance-"))
        set_hypothesis_home_dir(_storage[0].name)
    chosen = _chosen[0] if _chosen else ("ci" if os.environ.get("CI") else "dev")
    settings.load_profile(chosen)
