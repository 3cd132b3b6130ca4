"""asynchat-conformance: does an ``async_chat`` behave like CPython's?

Run the suite with ``pytest --pyargs asynchat_conformance --target SPEC``.  Four
layers, each a subpackage that imports only the ones before it:

* ``core``: the harness, no pytest.  Data flows ``scenario`` (what to do) ->
  ``driver`` over a ``wire``, the ``channel`` side recording (what the target
  did) and ``model`` (what the reference does, playing the recorded
  ``variants``) -> ``traces`` compared in ``comparison``; ``judge`` decides
  the ``verdicts``.
* ``report``: results files read back -- HTML matrix, summary, JUnit.
* ``remote``: the channel side run in another interpreter (the agent).
* ``suite``: the pytest plugin and the cases it runs.

The names below are the public API: what a target module, a replay snippet
or a program driving the harness imports.
"""

from .core.scenario import *  # noqa: F401,F403  (the steps: __all__ below)
from .core.scenario import __all__ as _STEPS
from .core.target import Target, TargetUnavailable
from .replaying import replay

__version__ = "0.1.0"
__all__ = ["Target", "TargetUnavailable", "replay"] + list(_STEPS)
