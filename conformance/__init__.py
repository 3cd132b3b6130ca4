"""asynchat-conformance: does an ``async_chat`` behave like CPython's?

Run the suite with ``pytest --pyargs conformance --target SPEC``.  The pieces,
in the order data flows through them: ``scenario`` (what to do) ->
``driver`` over a ``wire``, the ``channel`` side recording (what the target did) and
``model`` (what the reference does) -> ``trace`` comparison in ``verdict``.
"""

__version__ = "0.1.0"
