"""Cards in the register of personal data (koers.lib.personal_data)."""

from koers.lib.personal_data import Keep, Purpose, Table

TABLES = (
    Table(
        "cards.Card",
        Purpose.CARD,
        Keep.FILE,
        person="employee",
        personal=("employee", "year"),
        other=("id", "organisation", "created_at", "updated_at"),
    ),
    Table(
        "cards.CardItem",
        Purpose.CARD,
        Keep.FILE,
        person="card__employee",
        personal=(
            "theme",
            "kind",
            "what",
            "who_helps",
            "when",
            "shared",
            "health_share_confirmed",
            "shared_at",
        ),
        references=("written_by",),
        other=("id", "revision", "card", "created_at", "updated_at"),
    ),
    # The team's own card: what the team agreed, not one person's file.
    Table(
        "cards.TeamCard",
        Purpose.CARD,
        Keep.NONE,
        other=("id", "organisation", "team", "name_display", "updated_at"),
    ),
    Table(
        "cards.TeamAgreement",
        Purpose.CARD,
        Keep.NONE,
        references=("written_by",),
        other=("id", "team_card", "theme", "text", "created_at"),
    ),
)
