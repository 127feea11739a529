"""The audit log in the register of personal data (koers.lib.personal_data)."""

from koers.lib.personal_data import Keep, Purpose, Table

TABLES = (
    # Append-only and chained: it holds codes, numbers and dates, never text a person typed
    # (koers.audit.verbs). When a file goes, its events stay, pointing at the anonymised
    # record: who read or changed a file, never what was in it.
    Table(
        "audit.AuditEvent",
        Purpose.AUDIT,
        Keep.PSEUDONYMOUS,
        references=("actor", "employee"),
        other=(
            "id",
            "organisation",
            "seq",
            "verb",
            "subject_type",
            "subject_id",
            "params",
            "at",
            "prev_hash",
            "hash",
        ),
    ),
    # Who an export included: one row per person, pointing at their (anonymised) record.
    Table(
        "audit.EventPerson",
        Purpose.AUDIT,
        Keep.PSEUDONYMOUS,
        references=("employee",),
        other=("id", "event"),
    ),
)
