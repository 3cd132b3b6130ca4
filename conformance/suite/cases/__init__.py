"""The conformance cases, grouped by API area; properties in test_properties.

Importing the package selects the Hypothesis profile before any case module
builds its settings.
"""

from conformance.suite import profiles

profiles.activate()
