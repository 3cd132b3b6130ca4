"""The harness core: scenarios and their steps, the channel side and the
peer's (driver, wire), the model, traces and their comparison, targets and
deadlines.

Nothing here imports pytest or Hypothesis (``tests/test_imports.py`` checks):
the same code judges a target under the pytest plugin (``suite``), in
``replay()``, and -- ``channel`` and ``loader`` alone, loaded by path -- in the
out-of-process agent (``remote``).
"""
