"""The pytest plugin and the cases it runs: options and profiles, case
selection, the worker process the cases run in, and the per-case verdicts
a run writes (terminal summary, results JSON).
"""
