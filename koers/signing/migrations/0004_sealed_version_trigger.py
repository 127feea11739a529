"""Sealed means sealed, in the database too: a trigger refuses an UPDATE that changes a sealed
version's snapshot or content hash, or moves it back out of its sealed status, so that
``QuerySet.update()`` and raw SQL fail like ``Version.save()`` does.

After 0003 (the re-hash writes sealed versions). The SQL is spelled out here as it was when
written; koers.signing.sealing keeps the same statements for tests that drop the trigger.
SQLite drops a table's triggers when Django remakes the table (some AlterField operations):
a later migration that does so on signing_version must create the trigger again.
"""

from django.db import migrations

SEALED = "('employee_signed', 'signed', 'correction')"

SQLITE_CREATE = f"""
CREATE TRIGGER signing_version_sealed
BEFORE UPDATE OF snapshot, content_hash, status ON signing_version
FOR EACH ROW
WHEN OLD.status IN {SEALED}
  AND (NEW.snapshot IS NOT OLD.snapshot
       OR NEW.content_hash IS NOT OLD.content_hash
       OR (NEW.status IS NOT OLD.status
           AND NOT (OLD.status = 'employee_signed' AND NEW.status = 'signed')))
BEGIN
  SELECT RAISE(ABORT, 'signing_version: a sealed version does not change');
END
"""
SQLITE_DROP = "DROP TRIGGER IF EXISTS signing_version_sealed"

POSTGRESQL_CREATE = [
    f"""
CREATE OR REPLACE FUNCTION signing_version_sealed() RETURNS trigger AS $$
BEGIN
  IF OLD.status IN {SEALED}
     AND (NEW.snapshot IS DISTINCT FROM OLD.snapshot
          OR NEW.content_hash IS DISTINCT FROM OLD.content_hash
          OR (NEW.status IS DISTINCT FROM OLD.status
              AND NOT (OLD.status = 'employee_signed' AND NEW.status = 'signed'))) THEN
    RAISE EXCEPTION 'signing_version %: a sealed version does not change', OLD.id
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql
""",
    """
CREATE TRIGGER signing_version_sealed
BEFORE UPDATE OF snapshot, content_hash, status ON signing_version
FOR EACH ROW EXECUTE FUNCTION signing_version_sealed()
""",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS signing_version_sealed ON signing_version",
    "DROP FUNCTION IF EXISTS signing_version_sealed()",
]


class RunSQLOn(migrations.RunSQL):
    """RunSQL for one database vendor only; a no-op on the others."""

    def __init__(self, vendor, sql, reverse_sql):
        super().__init__(sql, reverse_sql)
        self.vendor = vendor

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [
        ("signing", "0003_hmac_content_hash"),
    ]

    operations = [
        RunSQLOn("sqlite", SQLITE_CREATE, SQLITE_DROP),
        RunSQLOn("postgresql", POSTGRESQL_CREATE, POSTGRESQL_DROP),
    ]
