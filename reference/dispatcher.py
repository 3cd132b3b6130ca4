"""``asyncore``, which both channels of this package build on.

3.10 and 3.11 warn that asyncore is deprecated when it is imported; 3.12+
get the same module from the pyasyncore distribution.  Imported here once,
so that neither channel depends on the other for it.
"""

import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import asyncore

__all__ = ["asyncore"]
