"""Adapters for the implementations this project knows how to judge.

Adding one: a module here with an adapter named ``TARGET`` and a line below.
An implementation that is a plain importable module needs no adapter at all:
``--target package.module`` works as it is.
"""

from . import reference, stdlib

ADAPTERS = {adapter.name: adapter for adapter in (reference.TARGET, stdlib.TARGET)}
