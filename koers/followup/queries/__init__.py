"""Scoped, set-based reads for the follow-up pages, one module per page or concept:
``progress`` (the timeline of a plan, notes for the Evaluatie phase), ``people`` (the
per-person figures the dashboards share), ``team`` ("mijn team"), ``employee`` ("mijn koers"),
``hr`` (figures per department) and ``notices``. No query runs per employee: the dashboards
ask the database for counts per person or per department in a fixed number of queries.
"""
