"""Issue 11 item 7: the organisation's working hours and closed days, for planning a team.

Plain ALTER TABLE ... ADD COLUMN, as in 0004: on SQLite Django's AddField rebuilds the table,
which the audit trigger audit_event_no_delete (it names organisations_organisation) does not
survive."""

import datetime

from django.db import migrations, models

COLUMNS = [
    ("work_day_starts", "time NOT NULL DEFAULT '09:00:00'", "time NOT NULL DEFAULT '09:00:00'"),
    ("work_day_ends", "time NOT NULL DEFAULT '17:00:00'", "time NOT NULL DEFAULT '17:00:00'"),
    ("closed_days", "text NOT NULL DEFAULT '[]'", "jsonb NOT NULL DEFAULT '[]'::jsonb"),
]


def _add(apps, schema_editor) -> None:
    postgres = schema_editor.connection.vendor == "postgresql"
    for name, sqlite_type, postgres_type in COLUMNS:
        column = postgres_type if postgres else sqlite_type
        schema_editor.execute(f"ALTER TABLE organisations_organisation ADD COLUMN {name} {column}")


def _drop(apps, schema_editor) -> None:
    for name, _sqlite, _postgres in COLUMNS:
        schema_editor.execute(f"ALTER TABLE organisations_organisation DROP COLUMN {name}")


class Migration(migrations.Migration):
    dependencies = [("organisations", "0005_activation")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(_add, _drop)],
            state_operations=[
                migrations.AddField(
                    model_name="organisation",
                    name="work_day_starts",
                    field=models.TimeField(
                        default=datetime.time(9, 0),
                        help_text="Gesprekken voor een heel team worden binnen de werktijden "
                        "gepland.",
                        verbose_name="werkdag begint om",
                    ),
                ),
                migrations.AddField(
                    model_name="organisation",
                    name="work_day_ends",
                    field=models.TimeField(
                        default=datetime.time(17, 0), verbose_name="werkdag eindigt om"
                    ),
                ),
                migrations.AddField(
                    model_name="organisation",
                    name="closed_days",
                    field=models.JSONField(
                        blank=True,
                        default=list,
                        help_text="Feestdagen en andere dagen waarop niet gewerkt wordt "
                        "(datums, JJJJ-MM-DD).",
                        verbose_name="gesloten dagen",
                    ),
                ),
            ],
        )
    ]
