"""Notices store a kind and parameters, no sentence; the text is rendered when read or mailed.

Existing rows keep what they said. Their ``why`` becomes ``legacy_why`` and their ``params``
stay NULL, so they go on showing the sentence they were written with (Dutch, unless an
English-speaking user's request wrote it). Parameters are not derived from the subject
afterwards: the talk may have moved since, the activity's status or owner, the interval or
the last talk changed, and a sentence built from today's rows would claim what the notice
did not say at the time. New rows get ``params`` (the field's default, ``{}``) and no
``legacy_why``; the check constraint keeps it that way.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0001_initial"),
    ]

    operations = [
        # Without a default first, so the rows already there get NULL: "no params, legacy".
        migrations.AddField(
            model_name="notice",
            name="params",
            field=models.JSONField(blank=True, null=True, verbose_name="gegevens"),
        ),
        migrations.AlterField(
            model_name="notice",
            name="params",
            field=models.JSONField(blank=True, default=dict, null=True, verbose_name="gegevens"),
        ),
        migrations.RenameField(model_name="notice", old_name="why", new_name="legacy_why"),
        migrations.AlterField(
            model_name="notice",
            name="legacy_why",
            field=models.TextField(blank=True, editable=False, verbose_name="oude tekst"),
        ),
        migrations.AddConstraint(
            model_name="notice",
            constraint=models.CheckConstraint(
                condition=models.Q(("params__isnull", True), ("legacy_why", ""), _connector="OR"),
                name="notice_text_is_rendered",
            ),
        ),
    ]
