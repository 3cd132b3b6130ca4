"""A pytest plugin for the harness's own tests (``-p suite_profile``).

It registers the Hypothesis profile ``selftest`` and loads it as soon as it
is imported, and the suite runs of ``tests/`` also name it with
``--hypothesis-profile selftest``.  The profile is derandomized (the same
verdicts every run), keeps no example database, runs few examples and does
*no shrinking*: a broken target fails property cases too, and shrinking
those failures costs seconds per target, while the verdicts these tests
assert do not depend on a minimal example.

Loading at import matters: when a target is named, the plugin imports the
case modules (whose ``@given`` captures the settings of that moment) during
``pytest_configure``, before Hypothesis' own plugin applies
``--hypothesis-profile``.
"""

from hypothesis import HealthCheck, Phase, settings

settings.register_profile(
    "selftest",
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=5,
    stateful_step_count=10,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=list(HealthCheck),
    print_blob=False,
)
settings.load_profile("selftest")
