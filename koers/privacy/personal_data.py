"""The rights' own data in the register of personal data (koers.lib.personal_data)."""

from koers.lib.personal_data import Keep, Purpose, Table

TABLES = (
    # "Klopt niet" (AVG art. 16): what the person says it should be, and HR's answer.
    Table(
        "privacy.CorrectionRequest",
        Purpose.RIGHTS,
        Keep.FILE,
        person="employee",
        personal=("employee", "field", "proposed", "status", "answer"),
        references=("handled_by",),
        other=("id", "organisation", "created_at", "handled_at"),
    ),
)
