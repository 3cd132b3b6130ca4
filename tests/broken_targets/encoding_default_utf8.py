"""Mistake: encoding defaults to 'utf-8' rather than 'latin-1', so a
subclass that turns use_encoding on sends other bytes for non-ASCII text."""

from asynchat_reference import spec
from asynchat_reference.spec import find_prefix_at_end, simple_producer  # noqa: F401

REJECTED_BY = "class.encoding-defaults"


class async_chat(spec.async_chat):  # noqa: N801
    encoding = "utf-8"  # BUG: the default is 'latin-1'
