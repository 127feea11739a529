"""The query-plan check itself (tests/test_query_plans.py), without a database: here, not
in that module, whose tests all use the database (pytest-django orders a test without one
after the transactional tests, which flush the session's demo)."""

from __future__ import annotations

from tests.test_query_plans import full_reads


def test_the_check_sees_whole_reads_and_lets_searches_pass() -> None:
    sql = 'SELECT 1 FROM "plans_activity" INNER JOIN "cards_card" T3 ON (1) WHERE 1'
    whole = [
        "SCAN plans_activity",
        "SCAN T3 USING COVERING INDEX cards_card_employee_id",
        "SEARCH plans_activity USING INDEX plans_activ_status_3ca27a_idx (status=?)",
        "SEARCH T3 USING INDEX cards_card_organisation_id_8df16525 (organisation_id=?)",
    ]
    fine = [
        "SCAN organisations_team",
        "SCAN CONSTANT ROW",
        "SEARCH plans_activity USING INDEX activity_point_status_idx (point_id=? AND status=?)",
        "SEARCH T3 USING INTEGER PRIMARY KEY (rowid=?)",
        "USE TEMP B-TREE FOR ORDER BY",
    ]
    assert full_reads(sql, whole + fine) == whole
    assert full_reads(sql, whole + fine, organisation_wide=True) == whole[:3]
