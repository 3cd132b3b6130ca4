"""Targets that misbehave in ways no port should, but a harness must survive:
hangs, exceptions, a dying process, global state changed under its feet.
Each is the reference with one thing made hostile -- or, for
``medusa_constructor``, built the way old copies are."""
