"""The default conversation templates for organisations founded before the founding action
set them up (the templates page used to create them on its first GET)."""

from django.db import migrations
from django.utils import translation


def seed_defaults(apps, schema_editor):
    from koers.conversations import defaults

    Organisation = apps.get_model("organisations", "Organisation")
    ConversationType = apps.get_model("conversations", "ConversationType")
    ConversationTemplate = apps.get_model("conversations", "ConversationTemplate")
    TemplatePhase = apps.get_model("conversations", "TemplatePhase")
    TemplateQuestion = apps.get_model("conversations", "TemplateQuestion")
    with translation.override("nl"):
        for organisation in Organisation.objects.exclude(
            pk__in=ConversationType.objects.values("organisation_id")
        ):
            for position, spec in enumerate(defaults.TYPES):
                conversation_type = ConversationType.objects.create(
                    organisation=organisation,
                    kind=spec.kind,
                    name=spec.name,
                    description=spec.description,
                    position=position,
                )
                template = ConversationTemplate.objects.create(
                    conversation_type=conversation_type, version=1, note="Standaardsjabloon"
                )
                TemplatePhase.objects.bulk_create(
                    TemplatePhase(
                        template=template,
                        key=phase.key,
                        title=phase.title,
                        guidance=phase.guidance,
                        position=i,
                    )
                    for i, phase in enumerate(defaults.PHASES)
                )
                TemplateQuestion.objects.bulk_create(
                    TemplateQuestion(
                        template=template,
                        audience=audience,
                        text=question.text,
                        help_text=question.help_text,
                        position=i,
                    )
                    for audience, questions in defaults.QUESTIONS_BY_AUDIENCE.items()
                    for i, question in enumerate(questions)
                )


class Migration(migrations.Migration):
    dependencies = [
        ("conversations", "0004_invitation_outbox_and_one_talk_at_a_time"),
        ("organisations", "0002_employeeimport"),
    ]

    operations = [migrations.RunPython(seed_defaults, migrations.RunPython.noop)]
