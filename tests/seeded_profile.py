"""A pytest plugin for the harness's own tests (``-p seeded_profile``): the
Hypothesis profile ``seeded``, drawn from ``--hypothesis-seed`` (unlike
``selftest``, which is derandomized), with few examples, no explicit
examples and no shrinking -- for tests that a verdict is the same whatever
the draw, which need several seeds and no minimal example.
"""

from hypothesis import HealthCheck, Phase, settings

settings.register_profile(
    "seeded",
    derandomize=False,
    database=None,
    deadline=None,
    max_examples=60,
    stateful_step_count=10,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
    print_blob=False,
)
settings.load_profile("seeded")
