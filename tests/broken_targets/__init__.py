"""Deliberately broken ``async_chat`` targets: one realistic mistake each.

Every public module here (a name without a leading underscore) is a target
the conformance suite must reject.  It exposes ``async_chat``,
``simple_producer`` and ``find_prefix_at_end`` like a port would, a
docstring naming its mistake, and ``REJECTED_BY``: the id of the case that
must fail on it.  ``tests/test_broken_targets.py`` discovers the modules, so
adding one adds a test.

Each subclasses the specification's channel,
``asynchat_reference.spec.async_chat``, whose every rule is a method of its
own, so a target's one mistake is one short override.  ``_control`` is that
channel with no mistake at all, and must pass the whole suite -- which is
what shows that a broken target is rejected for its one mistake and not for
what it shares.

Import them with this directory on ``sys.path``, as ``broken_targets.NAME``.
"""
