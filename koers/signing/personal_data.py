"""Signed documents in the register of personal data (koers.lib.personal_data)."""

from koers.lib.personal_data import Keep, Purpose, Table

TABLES = (
    # A sealed copy of what was signed (the snapshot names the employee and, on a report,
    # the manager who held the talk). It goes with the employee's file; the manager's name
    # in it stays as long as that employee's file (it is that employee's document).
    Table(
        "signing.Version",
        Purpose.SIGNING,
        Keep.FILE,
        person="employee",
        personal=("employee", "snapshot", "content_hash"),
        references=("created_by",),
        other=(
            "id",
            "organisation",
            "subject_type",
            "subject_id",
            "number",
            "status",
            "created_at",
            "frozen_at",
        ),
    ),
    Table(
        "signing.Signature",
        Purpose.SIGNING,
        Keep.FILE,
        person="version__employee",
        personal=("choice", "remark", "paper_date", "signed_hash"),
        references=("signed_by", "recorded_by"),
        other=("id", "version", "party", "signed_at"),
    ),
)
