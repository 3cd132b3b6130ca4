"""Hypothesis settings profiles for the property cases.

``ci`` (the default when ``CI`` is set) is derandomized and bounded, so a
pipeline gives the same verdicts on every run; ``dev`` explores afresh each
run; ``thorough`` is for nightly runs.  Pick one with pytest's
``--hypothesis-profile NAME``.
"""

import os

from hypothesis import HealthCheck, settings

_COMMON = dict(
    deadline=None,
    print_blob=True,
    # One minimal reproduction per case, not an exception group of several.
    report_multiple_bugs=False,
    # ``conform`` is stateless between examples, so sharing it is safe.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large],
)

settings.register_profile("ci", derandomize=True, max_examples=60, database=None,
                          stateful_step_count=25, **_COMMON)
settings.register_profile("dev", max_examples=60, stateful_step_count=25, **_COMMON)
settings.register_profile("thorough", max_examples=1500, stateful_step_count=60, **_COMMON)

#: The profile the plugin was told to use, if the user named one.
_chosen: "list[str]" = []


def activate(name: "str | None" = None) -> None:
    """Load the user's profile, or ``ci``/``dev`` if none was named.

    The plugin calls this with the command line's choice at configure time;
    the cases package calls it bare on import, which keeps that choice.
    """
    if name:
        _chosen[:] = [name]
    settings.load_profile(_chosen[0] if _chosen else ("ci" if os.environ.get("CI") else "dev"))
