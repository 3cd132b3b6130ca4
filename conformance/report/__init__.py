"""Reading results files: the HTML matrix and ``summary.md`` of many runs
(``matrix``), JUnit XML (``junit``), and the one-line reasons both show.

No pytest here: a report is built from files, long after the runs.  What a
results file holds is declared in ``core.results_schema``.
"""
