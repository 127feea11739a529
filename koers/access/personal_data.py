"""The access app's tables in the register of personal data (koers.lib.personal_data)."""

from koers.lib.personal_data import Keep, Purpose, Table

TABLES = (
    # A form sent once (koers.access.once): its token, so that a second click makes nothing.
    Table(
        "access.Submission",
        Purpose.IDENTITY,
        Keep.FILE,
        person="employee_id",
        personal=("employee_id",),
        other=("id", "token", "kind", "organisation_id", "object_id", "created_at"),
    ),
)
