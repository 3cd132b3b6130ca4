"""The implementations this project judges, as data (``asynchat_conformance.Target``).

Adding one: a module here whose ``TARGET`` says where the port is, and its
line in pyproject.toml's ``asynchat_conformance.targets`` entry-point group
(the harness finds every target there); its recorded deviations, if any,
in ``NAME.deviations`` beside it.  An implementation that is a plain
importable module needs none of this: ``--target package.module`` works.
"""
