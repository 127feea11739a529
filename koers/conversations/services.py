"""State changes for conversations: templates, planning and invitations, preparation.
The guided talk is in ``talk``, the report and its signing in ``reports``.

Views, demo data and commands call these (and ``talk`` / ``reports``); nothing else writes
conversation rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.access.relations import is_current_manager
from koers.conversations import defaults, invitations
from koers.conversations.models import (
    OPEN_STATUSES,
    AgendaPoint,
    Answer,
    Audience,
    Conversation,
    ConversationTemplate,
    ConversationType,
    Invitation,
    Side,
    Status,
    TemplatePhase,
    TemplateQuestion,
    is_short_notice,
)
from koers.organisations.actors import actor_for
from koers.organisations.models import Employee, Organisation, Team

if TYPE_CHECKING:
    from koers.access.actor import Actor

# ---------------------------------------------------------------------------------------------
# Types and templates


@transaction.atomic
def ensure_default_templates(organisation: Organisation) -> list[ConversationType]:
    """001/002/003/004: the four kinds of talk with the sources' phases and question lists,
    created the first time an organisation needs them; existing ones are left alone."""
    existing = {t.kind: t for t in organisation.conversation_types.all()}
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
        _create_default_version(conversation_type)
        existing[spec.kind] = conversation_type
    return sorted(existing.values(), key=lambda t: (t.position, t.name))


def _create_default_version(conversation_type: ConversationType) -> ConversationTemplate:
    template = ConversationTemplate.objects.create(
        conversation_type=conversation_type, version=1, note=_("Standaardsjabloon")
    )
    TemplatePhase.objects.bulk_create(
        TemplatePhase(
            template=template,
            key=phase.key,
            title=phase.title,
            guidance=phase.guidance,
            position=position,
        )
        for position, phase in enumerate(defaults.PHASES)
    )
    TemplateQuestion.objects.bulk_create(
        TemplateQuestion(
            template=template,
            audience=audience,
            text=question.text,
            help_text=question.help_text,
            position=position,
        )
        for audience, questions in defaults.QUESTIONS_BY_AUDIENCE.items()
        for position, question in enumerate(questions)
    )
    return template


def current_template(conversation_type: ConversationType) -> ConversationTemplate:
    """The newest version; conversations planned from now on use it."""
    template = conversation_type.templates.order_by("-version").first()
    if template is None:
        template = _create_default_version(conversation_type)
    return template


@transaction.atomic
def copy_template(
    template: ConversationTemplate,
    *,
    note: str = "",
    questions: Mapping[str, Iterable[tuple[str, str]]] | None = None,
) -> ConversationTemplate:
    """Sjablonen per organisatie: a change is a new version; conversations keep the version
    they were planned with. ``questions`` replaces whole lists per audience, in order
    (add, remove, reorder) as (text, help_text) pairs."""
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
    return copy


def questions_from_lines(
    template: ConversationTemplate, audience: str, lines: Iterable[str]
) -> list[tuple[str, str]]:
    """One question per line, in order; a question that was already there keeps its
    explanation."""
    help_texts = {q.text: q.help_text for q in template.questions.all() if q.audience == audience}
    texts = [line.strip() for line in lines if line.strip()]
    return [(text, help_texts.get(text, "")) for text in texts]


# ---------------------------------------------------------------------------------------------
# Planning and invitations (001 step 1 Informeren, 004)


def _check_notice(starts_at: datetime.datetime, confirmed: bool) -> None:
    if is_short_notice(starts_at) and not confirmed:
        raise ValidationError(
            _(
                "Dit gesprek is minder dan twee weken vooruit gepland. Bevestig dat u dit "
                "toch wilt: de medewerker heeft dan weinig tijd om zich voor te bereiden."
            ),
            code="short_notice",
        )


@transaction.atomic
def plan_conversation(
    *,
    manager: Employee,
    employee: Employee,
    conversation_type: ConversationType,
    starts_at: datetime.datetime,
    duration_minutes: int,
    place: str,
    short_notice_confirmed: bool = False,
    base_url: str,
    send_email: bool = True,
) -> Conversation:
    """004: plan at least two weeks ahead (less only after confirmation); 001 step 1: the
    employee gets a personal invitation, by e-mail with .ics or by letter."""
    same_organisation = conversation_type.organisation_id == employee.organisation_id
    if not same_organisation or not is_current_manager(actor_for(manager), employee):
        raise PermissionDenied
    _check_notice(starts_at, short_notice_confirmed)
    conversation = Conversation.objects.create(
        organisation_id=employee.organisation_id,
        employee=employee,
        manager=manager,
        conversation_type=conversation_type,
        template=current_template(conversation_type),
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        place=place,
        short_notice_confirmed=is_short_notice(starts_at),
        created_by=manager,
    )
    _carry_agenda_points(conversation)
    _notify(conversation, Invitation.Kind.INVITE, base_url, send_email=send_email)
    return conversation


def _carry_agenda_points(conversation: Conversation) -> list[AgendaPoint]:
    """Agenda points not discussed in the employee's previous talk (held, or cancelled) come
    along to the new one, private or shared as they were."""
    previous = (
        Conversation.objects.filter(employee_id=conversation.employee_id)
        .exclude(pk=conversation.pk)
        .exclude(status__in=OPEN_STATUSES)
        .order_by("-starts_at", "-pk")
        .first()
    )
    if previous is None:
        return []
    already = AgendaPoint.objects.filter(carried_from__conversation=previous).values(
        "carried_from_id"
    )
    return AgendaPoint.objects.bulk_create(
        AgendaPoint(
            conversation=conversation,
            side=point.side,
            text=point.text,
            entered_by_id=point.entered_by_id,
            shared_at=point.shared_at,
            carried_from=point,
        )
        for point in previous.agenda_points.filter(discussed=False).exclude(pk__in=already)
    )


@dataclass
class TeamPlan:
    planned: list[Conversation]
    skipped: list[Employee]  # already have an open conversation


@transaction.atomic
def plan_for_team(
    *,
    manager: Employee,
    team: Team,
    conversation_type: ConversationType,
    first_starts_at: datetime.datetime,
    duration_minutes: int,
    gap_minutes: int,
    place: str,
    short_notice_confirmed: bool = False,
    base_url: str,
) -> TeamPlan:
    """004 for a whole team in one go: one talk after another from the start time, with a
    pause between talks. People who already have an open talk are skipped."""
    if not team.managers.filter(pk=manager.pk).exists():
        raise PermissionDenied
    _check_notice(first_starts_at, short_notice_confirmed)
    members = list(
        team.members.in_service()
        .exclude(pk=manager.pk)
        .select_related("organisation")
        .order_by("last_name", "first_name", "pk")
    )
    busy = set(
        Conversation.objects.open()
        .filter(employee__in=members)
        .values_list("employee_id", flat=True)
    )
    result = TeamPlan(planned=[], skipped=[m for m in members if m.pk in busy])
    step = datetime.timedelta(minutes=duration_minutes + gap_minutes)
    starts_at = first_starts_at
    for member in members:
        if member.pk in busy:
            continue
        result.planned.append(
            plan_conversation(
                manager=manager,
                employee=member,
                conversation_type=conversation_type,
                starts_at=starts_at,
                duration_minutes=duration_minutes,
                place=place,
                short_notice_confirmed=True,
                base_url=base_url,
            )
        )
        starts_at += step
    return result


def _require_open(conversation: Conversation) -> None:
    if not conversation.is_open:
        raise ValidationError(_("Dit gesprek kan niet meer worden gewijzigd."), code="closed")


@transaction.atomic
def reschedule(
    conversation: Conversation,
    *,
    by: Employee,
    starts_at: datetime.datetime,
    duration_minutes: int,
    place: str,
    short_notice_confirmed: bool = False,
    base_url: str,
) -> Conversation:
    """Verzetten: the same calendar entry with SEQUENCE + 1, so calendars update it."""
    if not is_current_manager(actor_for(by), conversation.employee):
        raise PermissionDenied
    _require_open(conversation)
    _check_notice(starts_at, short_notice_confirmed)
    conversation.starts_at = starts_at
    conversation.duration_minutes = duration_minutes
    conversation.place = place
    conversation.short_notice_confirmed = is_short_notice(starts_at)
    conversation.manager = by
    conversation.sequence += 1
    conversation.save()
    _notify(conversation, Invitation.Kind.UPDATE, base_url)
    return conversation


@transaction.atomic
def cancel(
    conversation: Conversation,
    *,
    by: Employee,
    reason: str,
    base_url: str,
    send_email: bool = True,
) -> Conversation:
    """Afzeggen: METHOD:CANCEL on the same UID with SEQUENCE + 1."""
    if not is_current_manager(actor_for(by), conversation.employee):
        raise PermissionDenied
    _require_open(conversation)
    conversation.status = Status.CANCELLED
    conversation.cancelled_at = timezone.now()
    conversation.cancel_reason = reason
    conversation.sequence += 1
    conversation.save()
    _notify(conversation, Invitation.Kind.CANCEL, base_url, send_email=send_email)
    return conversation


def _notify(
    conversation: Conversation, kind: str, base_url: str, *, send_email: bool = True
) -> Invitation:
    """E-mail with .ics when the employee has an address; otherwise a letter to print.
    ``send_email=False`` (demo data only) records the invitation without sending it."""
    employee = conversation.employee
    channel = Invitation.Channel.EMAIL if employee.email else Invitation.Channel.LETTER
    invitation = Invitation.objects.create(
        conversation=conversation,
        kind=kind,
        channel=channel,
        sequence=conversation.sequence,
        recipient=employee.email,
    )
    if channel == Invitation.Channel.EMAIL and send_email:
        message = invitations.invitation_email(conversation, kind, base_url)
        transaction.on_commit(message.send)
    return invitation


# ---------------------------------------------------------------------------------------------
# Preparation (001 step 2 Voorbereiden, 002 step 1, 004)


def side_of(actor: Actor, conversation: Conversation) -> str | None:
    """Which preparation the actor writes in this talk: their own, or the manager's (as the
    employee's current manager). HR and others: none."""
    if actor.employee_id is None:
        return None
    if conversation.employee_id == actor.employee_id:
        return Side.EMPLOYEE
    if conversation.employee.team_id in actor.led_team_ids:
        return Side.MANAGER
    return None


def may_prepare_together(conversation: Conversation) -> bool:
    """001 step 2 for someone who cannot sign in: only an employee without a login has their
    list filled in by the manager; everyone else decides about their own answers."""
    return conversation.employee.user_id is None


AUDIENCE_OF_SIDE = {Side.EMPLOYEE: Audience.EMPLOYEE, Side.MANAGER: Audience.MANAGER}


def _start_preparing(conversation: Conversation) -> None:
    if conversation.status == Status.PLANNED:
        conversation.status = Status.PREPARING
        conversation.save(update_fields=["status", "updated_at"])


@transaction.atomic
def save_answers(
    conversation: Conversation,
    *,
    by: Employee,
    side: str,
    answers: Mapping[int, str],
    together: bool = False,
) -> list[Answer]:
    """001 step 2: each answer is saved on its own, so a person can stop and come back.
    ``together``: the manager fills the employee's list with an employee without a login."""
    _require_open(conversation)
    if together and not may_prepare_together(conversation):
        raise PermissionDenied
    question_ids = set(
        conversation.template.questions.filter(
            audience=AUDIENCE_OF_SIDE[side], pk__in=list(answers)
        ).values_list("pk", flat=True)
    )
    saved = []
    for question_id, text in answers.items():
        if question_id not in question_ids:
            continue
        answer, _created = Answer.objects.update_or_create(
            conversation=conversation,
            question_id=question_id,
            defaults={"side": side, "text": text.strip(), "entered_by": by},
        )
        saved.append(answer)
    if together:
        # Filled in with the employee at the table: recorded as such, and shared by nature.
        conversation.prepared_together_by = by
        conversation.employee_shared_at = conversation.employee_shared_at or timezone.now()
        conversation.save(
            update_fields=["prepared_together_by", "employee_shared_at", "updated_at"]
        )
    _start_preparing(conversation)
    return saved


@transaction.atomic
def share_preparation(conversation: Conversation, *, by: Employee) -> Conversation:
    """001 step 2: the employee decides when the answers go to the manager."""
    _require_open(conversation)
    if conversation.employee_shared_at is None:
        conversation.employee_shared_at = timezone.now()
        conversation.save(update_fields=["employee_shared_at", "updated_at"])
    _start_preparing(conversation)
    return conversation


@transaction.atomic
def add_agenda_point(
    conversation: Conversation, *, by: Employee, side: str, text: str
) -> AgendaPoint:
    """003 Inleiding "bepaling van de agenda": both bring points, private until shared."""
    _require_open(conversation)
    point = AgendaPoint.objects.create(
        conversation=conversation, side=side, text=text.strip(), entered_by=by
    )
    _start_preparing(conversation)
    return point


@transaction.atomic
def share_agenda_point(point: AgendaPoint) -> AgendaPoint:
    _require_open(point.conversation)
    if point.shared_at is None:
        point.shared_at = timezone.now()
        point.save(update_fields=["shared_at"])
    return point


@transaction.atomic
def remove_agenda_point(point: AgendaPoint) -> None:
    _require_open(point.conversation)
    point.delete()
