# In koers/followup/tests, where CI runs it among the database tests before the browser tests
# flush the session demo (in tests/ it ran after them).
"""SQLite's planner statistics stay fresh (issue 18 item 2): ``PRAGMA optimize`` after every
``migrate`` and at the end of every ``koers remind``; on PostgreSQL neither sends anything
(autovacuum ANALYZEs)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def _pragmas(captured: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if q["sql"].upper().startswith("PRAGMA")]


def _drop_statistics() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")


def test_remind_ends_with_pragma_optimize(demo):
    if connection.vendor == "sqlite":
        _drop_statistics()
    with CaptureQueriesContext(connection) as captured:
        call_command("remind", verbosity=0)
    if connection.vendor != "sqlite":
        assert _pragmas(captured) == []
        return
    assert _pragmas(captured)[-2:] == ["PRAGMA analysis_limit = 1000", "PRAGMA optimize"]
    # Which tables SQLite then analyses is its own choice (what this connection read, how
    # stale the statistics are): seen to differ with the tests before this one, so not asserted.


def test_migrate_ends_with_pragma_optimize(demo):
    with CaptureQueriesContext(connection) as captured:
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    expected = ["PRAGMA analysis_limit = 1000", "PRAGMA optimize"]
    assert _pragmas(captured) == (expected if connection.vendor == "sqlite" else [])
