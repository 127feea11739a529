"""Follow-up in the register of personal data (koers.lib.personal_data)."""

from koers.lib.personal_data import Keep, Purpose, Table

TABLES = (
    Table(
        "followup.CheckIn",
        Purpose.FOLLOW_UP,
        Keep.FILE,
        person="plan__employee",
        personal=("kind", "course_answer", "text"),
        references=("author",),
        other=("id", "plan", "point", "activity", "created_at"),
    ),
    # A notice to the person, and every notice to someone else about the person's talks,
    # activities and documents, go with the file (koers.privacy.actions).
    Table(
        "followup.Notice",
        Purpose.FOLLOW_UP,
        Keep.FILE,
        person="recipient",
        personal=("recipient", "params", "legacy_why", "link", "send_error", "read_at"),
        other=(
            "id",
            "organisation",
            "kind",
            "subject_type",
            "subject_id",
            "due_on",
            "created_at",
            "channel",
            "sent_at",
            "claim",
            "claimed_at",
        ),
    ),
    Table(
        "followup.NotificationPreference",
        Purpose.CONTACT,
        Keep.LOGIN,
        person="user__employee",
        personal=("user", "channel"),
        other=("id",),
    ),
    Table(
        "followup.ConversationInterval",
        Purpose.FOLLOW_UP,
        Keep.FILE,
        person="employee",
        personal=("employee", "months"),
        references=("set_by",),
        other=("id", "updated_at"),
    ),
)
