"""State changes for conversations: templates, planning and invitations, preparation.

Views, demo data and (later) commands call these; nothing else writes conversation rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.conversations import defaults
from koers.conversations.ics import invitation_ics
from koers.conversations.models import (
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
from koers.organisations.models import Employee, Organisation, Team

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
            pairs = [
                (q.text, q.help_text) for q in template.questions.filter(audience=audience)
            ]
        rows += [
            TemplateQuestion(
                template=copy, audience=audience, text=text, help_text=help_text, position=i
            )
            for i, (text, help_text) in enumerate(pairs)
        ]
    TemplateQuestion.objects.bulk_create(rows)
    return copy


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


def leads(manager: Employee, employee: Employee) -> bool:
    """A manager is the employee's current manager: a manager of the employee's team now."""
    return (
        employee.team_id is not None
        and employee.pk != manager.pk
        and Team.managers.through.objects.filter(
            team_id=employee.team_id, employee_id=manager.pk
        ).exists()
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
) -> Conversation:
    """004: plan at least two weeks ahead (less only after confirmation); 001 step 1: the
    employee gets a personal invitation, by e-mail with .ics or by letter."""
    if not leads(manager, employee) or conversation_type.organisation_id != (
        employee.organisation_id
    ):
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
    _notify(conversation, Invitation.Kind.INVITE, base_url)
    return conversation


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
    if not leads(by, conversation.employee):
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
def cancel(conversation: Conversation, *, by: Employee, reason: str, base_url: str) -> Conversation:
    """Afzeggen: METHOD:CANCEL on the same UID with SEQUENCE + 1."""
    if not leads(by, conversation.employee):
        raise PermissionDenied
    _require_open(conversation)
    conversation.status = Status.CANCELLED
    conversation.cancelled_at = timezone.now()
    conversation.cancel_reason = reason
    conversation.sequence += 1
    conversation.save()
    _notify(conversation, Invitation.Kind.CANCEL, base_url)
    return conversation


def prepare_url(conversation: Conversation, base_url: str) -> str:
    return base_url.rstrip("/") + reverse("conversation-prepare", args=[conversation.pk])


def invitation_context(conversation: Conversation, base_url: str) -> dict:
    return {
        "conversation": conversation,
        "organisation": conversation.organisation,
        "employee": conversation.employee,
        "manager": conversation.manager,
        "prepare_url": prepare_url(conversation, base_url),
        "not_a_review": defaults.NOT_A_PERFORMANCE_REVIEW,
        "cancelled": conversation.status == Status.CANCELLED,
    }


def invitation_description(conversation: Conversation, base_url: str) -> str:
    return render_to_string(
        "conversations/email/ics_description.txt", invitation_context(conversation, base_url)
    ).strip()


def _notify(conversation: Conversation, kind: str, base_url: str) -> Invitation:
    """E-mail with .ics when the employee has an address; otherwise a letter to print."""
    employee = conversation.employee
    channel = Invitation.Channel.EMAIL if employee.email else Invitation.Channel.LETTER
    invitation = Invitation.objects.create(
        conversation=conversation,
        kind=kind,
        channel=channel,
        sequence=conversation.sequence,
        recipient=employee.email,
    )
    if channel == Invitation.Channel.EMAIL:
        message = _invitation_email(conversation, kind, base_url)
        transaction.on_commit(message.send)
    return invitation


def _invitation_email(conversation: Conversation, kind: str, base_url: str) -> EmailMessage:
    context = invitation_context(conversation, base_url) | {"kind": kind}
    subjects = {
        Invitation.Kind.INVITE: _("Uitnodiging: %(type)s op %(date)s"),
        Invitation.Kind.UPDATE: _("Gewijzigd: %(type)s op %(date)s"),
        Invitation.Kind.CANCEL: _("Afgezegd: %(type)s op %(date)s"),
    }
    local = timezone.localtime(conversation.starts_at)
    subject = subjects[kind] % {
        "type": conversation.conversation_type.name,
        "date": local.strftime("%d-%m-%Y %H:%M"),
    }
    message = EmailMessage(
        subject=subject,
        body=render_to_string("conversations/email/invitation.txt", context),
        to=[conversation.employee.email],
        reply_to=[conversation.manager.email] if conversation.manager.email else None,
    )
    method = "CANCEL" if kind == Invitation.Kind.CANCEL else "REQUEST"
    message.attach(
        "uitnodiging.ics",
        invitation_ics(conversation, description=invitation_description(conversation, base_url)),
        f"text/calendar; method={method}; charset=utf-8",
    )
    return message


# ---------------------------------------------------------------------------------------------
# Preparation (001 step 2 Voorbereiden, 002 step 1, 004)


def side_of(actor_employee_id: int | None, conversation: Conversation, led_team_ids) -> str | None:
    """Which preparation the actor writes in this talk: their own, or the manager's."""
    if actor_employee_id is None:
        return None
    if conversation.employee_id == actor_employee_id:
        return Side.EMPLOYEE
    if conversation.employee.team_id in led_team_ids:
        return Side.MANAGER
    return None


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
    if together and conversation.prepared_together_by_id != by.pk:
        conversation.prepared_together_by = by
        conversation.save(update_fields=["prepared_together_by", "updated_at"])
    _start_preparing(conversation)
    return saved


@transaction.atomic
def share_preparation(conversation: Conversation, *, by: Employee) -> Conversation:
    """001 step 2: the employee decides when the answers go to the manager."""
    _require_open(conversation)
    if conversation.employee_shared_at is None:
        conversation.employee_shared_at = timezone.now()
        conversation.save(update_fields=["employee_shared_at", "updated_at"])
    AgendaPoint.objects.filter(conversation=conversation, side=Side.EMPLOYEE).update(
        shared_at=conversation.employee_shared_at
    )
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
