"""The conformance cases, grouped by API area; properties in test_properties.

Importing the package selects the Hypothesis profile before any case module
builds its settings.
"""

from asynchat_conformance.suite import profiles

profiles.activate()
