"""Types and templates of talks (sjablonen): the sources' defaults, and a change as a new
version."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import transaction
from django.db.models import Max

from koers.access import policy
from koers.access.actor import Actor
from koers.audit import events as audit
from koers.conversations import defaults
from koers.conversations.models import (
    Audience,
    ConversationTemplate,
    ConversationType,
    TemplatePhase,
    TemplateQuestion,
)
from koers.lib import concurrency
from koers.organisations.models import Organisation


@transaction.atomic
def ensure_default_templates(actor: Actor, organisation: Organisation) -> list[ConversationType]:
    """001/002/003/004: the four kinds of talk with the sources' phases and question lists,
    created the first time an organisation needs them; existing ones are left alone."""
    policy.require(actor, "set_up_conversation_types", organisation)
    existing = {t.kind: t for t in organisation.conversation_types.all()}
    created = 0
    for position, spec in enumerate(defaults.TYPES):
        if spec.kind in existing:
            continue
        conversation_type = ConversationType.objects.create(
            organisation=organisation,
            kind=spec.kind,
            name=spec.name,
            description=spec.description,
            position=position,
        )
        defaults.create_default_version(conversation_type)
        existing[spec.kind] = conversation_type
        created += 1
    if created:
        audit.record(actor, "template.defaults_created", count=created)
    return sorted(existing.values(), key=lambda t: (t.position, t.name))


@transaction.atomic
def copy_template(
    actor: Actor,
    template: ConversationTemplate,
    *,
    note: str = "",
    questions: Mapping[str, Iterable[tuple[str, str]]] | None = None,
    expected_revision: int | None = None,
) -> ConversationTemplate:
    """Sjablonen per organisatie: a change is a new version; conversations keep the version
    they were planned with. ``questions`` replaces whole lists per audience, in order
    (add, remove, reorder) as (text, help_text) pairs. ``expected_revision``: the type's
    revision when the editor was loaded; if someone made a new version since, this one would
    silently drop theirs, so it is refused (``StaleEdit``)."""
    policy.require(actor, "edit", template)
    concurrency.claim(template.conversation_type, expected_revision)
    latest = template.conversation_type.templates.aggregate(n=Max("version"))["n"] or 0
    copy = ConversationTemplate.objects.create(
        conversation_type=template.conversation_type,
        version=latest + 1,
        based_on=template,
        note=note,
    )
    TemplatePhase.objects.bulk_create(
        TemplatePhase(
            template=copy,
            key=p.key,
            title=p.title,
            guidance=p.guidance,
            position=p.position,
        )
        for p in template.phases.all()
    )
    questions = dict(questions or {})
    rows = []
    for audience in Audience.values:
        if audience in questions:
            pairs = list(questions[audience])
        else:
            pairs = [(q.text, q.help_text) for q in template.questions.filter(audience=audience)]
        rows += [
            TemplateQuestion(
                template=copy, audience=audience, text=text, help_text=help_text, position=i
            )
            for i, (text, help_text) in enumerate(pairs)
        ]
    TemplateQuestion.objects.bulk_create(rows)
    audit.record(actor, "template.changed", copy, version=copy.version)
    return copy
