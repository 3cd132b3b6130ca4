"""Reading results files: the HTML matrix and ``summary.md`` of many runs
(``matrix``), JUnit XML (``junit``), and the one-line reasons both show.

No pytest here: a report is built from files, long after the runs.
"""

#: The results file format: ``suite.results`` writes it, ``matrix`` reads it.
FORMAT = "asynchat-conformance-results/1"
