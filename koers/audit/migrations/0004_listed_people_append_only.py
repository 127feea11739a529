"""The people an event lists are append-only like the event (see 0002 and EventPerson).

An UPDATE is always refused; a DELETE while the event's organisation still exists.
"""

from django.db import migrations

SQLITE = [
    """
    CREATE TRIGGER audit_person_no_update BEFORE UPDATE ON audit_eventperson
    BEGIN
        SELECT RAISE(ABORT, 'audit events are append-only: UPDATE refused');
    END
    """,
    """
    CREATE TRIGGER audit_person_no_delete BEFORE DELETE ON audit_eventperson
    WHEN EXISTS (
        SELECT 1 FROM audit_auditevent e
        JOIN organisations_organisation o ON o.id = e.organisation_id
        WHERE e.id = OLD.event_id
    )
    BEGIN
        SELECT RAISE(ABORT, 'audit events are append-only: DELETE refused');
    END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_person_no_update",
    "DROP TRIGGER IF EXISTS audit_person_no_delete",
]

POSTGRESQL = [
    """
    CREATE FUNCTION audit_person_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' AND NOT EXISTS (
            SELECT 1 FROM audit_auditevent e
            JOIN organisations_organisation o ON o.id = e.organisation_id
            WHERE e.id = OLD.event_id
        ) THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit events are append-only: % refused', TG_OP
            USING ERRCODE = 'integrity_constraint_violation';
    END
    $$
    """,
    """
    CREATE TRIGGER audit_person_append_only BEFORE UPDATE OR DELETE ON audit_eventperson
    FOR EACH ROW EXECUTE FUNCTION audit_person_append_only()
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_person_append_only ON audit_eventperson",
    "DROP FUNCTION IF EXISTS audit_person_append_only()",
]

STATEMENTS = {
    "sqlite": (SQLITE, SQLITE_REVERSE),
    "postgresql": (POSTGRESQL, POSTGRESQL_REVERSE),
}


def _run(schema_editor, forward: bool) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        raise NotImplementedError(f"append-only audit events need triggers for {vendor}")
    for sql in STATEMENTS[vendor][0 if forward else 1]:
        schema_editor.execute(sql, params=None)


def forwards(apps, schema_editor):
    _run(schema_editor, forward=True)


def backwards(apps, schema_editor):
    _run(schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_listed_people"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
