"""Issue 11 item 4: the employee rates the talk on a screen of their own (TalkRating).

The marks and comments the manager typed in the Afsluiting (TalkNotes.employee_score and
employee_comment) are kept: each becomes a TalkRating marked ``given_by="manager"``, answered
by the talk's manager at the notes' last change. They are shown as typed by the manager and do
not count in HR's figures; the employee's own answer replaces one. Backwards, the ratings go
back into the notes (the employee's own answers too: the old model cannot tell them apart).
"""

import django.db.models.deletion
from django.db import migrations, models


def manager_typed_to_ratings(apps, schema_editor):
    notes = apps.get_model("conversations", "TalkNotes")
    rating = apps.get_model("conversations", "TalkRating")
    typed = (
        notes.objects.filter(models.Q(employee_score__isnull=False) | ~models.Q(employee_comment=""))
        .select_related("conversation")
        .order_by("pk")
    )
    rating.objects.bulk_create(
        [
            rating(
                conversation_id=row.conversation_id,
                score=row.employee_score if row.employee_score in range(1, 6) else None,
                comment=row.employee_comment,
                given_by="manager",
                answered_by_id=row.conversation.manager_id,
                answered_at=row.updated_at,
            )
            for row in typed.iterator()
        ],
        batch_size=500,
    )


def ratings_to_manager_typed(apps, schema_editor):
    notes = apps.get_model("conversations", "TalkNotes")
    rating = apps.get_model("conversations", "TalkRating")
    for row in rating.objects.order_by("pk").iterator():
        notes.objects.update_or_create(
            conversation_id=row.conversation_id,
            defaults={"employee_score": row.score, "employee_comment": row.comment},
        )


class Migration(migrations.Migration):

    dependencies = [
        ('conversations', '0007_trajectory'),
        ('organisations', '0005_activation'),
    ]

    operations = [
        migrations.CreateModel(
            name='TalkRating',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('revision', models.PositiveIntegerField(db_default=1, default=1, editable=False)),
                ('score', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='cijfer (1 tot 5)')),
                ('declined', models.BooleanField(default=False, verbose_name='liever niet')),
                ('comment', models.TextField(blank=True, verbose_name='toelichting')),
                ('given_by', models.CharField(choices=[('employee', 'de medewerker'), ('manager', 'de leidinggevende (ingevuld tijdens het gesprek)')], default='employee', max_length=10, verbose_name='gegeven door')),
                ('answered_at', models.DateTimeField(verbose_name='beantwoord op')),
                ('answered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='organisations.employee')),
                ('conversation', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='rating', to='conversations.conversation')),
            ],
            options={
                'verbose_name': 'oordeel over het gesprek',
                'verbose_name_plural': 'oordelen over gesprekken',
                'constraints': [models.CheckConstraint(condition=models.Q(('score__isnull', True), models.Q(('score__gte', 1), ('score__lte', 5)), _connector='OR'), name='talk_rating_score_one_to_five'), models.CheckConstraint(condition=models.Q(('declined', False), ('score__isnull', True), _connector='OR'), name='talk_rating_declined_has_no_score')],
            },
        ),
            migrations.RunPython(manager_typed_to_ratings, ratings_to_manager_typed),
        migrations.RemoveField(
            model_name='talknotes',
            name='employee_comment',
        ),
        migrations.RemoveField(
            model_name='talknotes',
            name='employee_score',
        ),
    ]
