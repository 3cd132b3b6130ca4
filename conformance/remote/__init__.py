"""Out-of-process targets: ``agent`` runs the core's channel side in another
interpreter (Python 2.7 and 3.x), ``proxy`` drives it from the harness.
"""
