"""Issue 10: the organisation's second-factor settings. Organisations that exist keep signing
in as before (off) until their org admin switches it on; a new organisation has it on (the
model's default).

The columns are added with a plain ALTER TABLE ... ADD COLUMN: on SQLite, Django's AddField of a
NOT NULL column rebuilds the table, which the audit trigger audit_event_no_delete (it names
organisations_organisation, koers/audit/migrations/0002_append_only.py) does not survive."""

from django.db import migrations, models

HELP_REQUIRED = (
    "HR en beheerders kunnen Koers pas gebruiken als zij een tweede factor hebben "
    "ingesteld: een app met codes op de telefoon of een passkey."
)


def _add_column(name: str, field: models.Field) -> migrations.SeparateDatabaseAndState:
    return migrations.SeparateDatabaseAndState(
        database_operations=[
            migrations.RunSQL(
                f"ALTER TABLE organisations_organisation ADD COLUMN {name} boolean "
                "NOT NULL DEFAULT false",
                f"ALTER TABLE organisations_organisation DROP COLUMN {name}",
            )
        ],
        state_operations=[
            migrations.AddField(model_name="organisation", name=name, field=field)
        ],
    )


class Migration(migrations.Migration):
    dependencies = [("organisations", "0003_revision")]

    operations = [
        _add_column(
            "second_factor_required",
            models.BooleanField(
                default=True, help_text=HELP_REQUIRED, verbose_name="tweede factor verplicht"
            ),
        ),
        _add_column(
            "second_factor_for_managers",
            models.BooleanField(
                default=False,
                help_text="Geldt alleen als de tweede factor verplicht is.",
                verbose_name="tweede factor ook voor leidinggevenden",
            ),
        ),
    ]
