"""Planning and invitations (001 step 1 Informeren, 004): plan, move and cancel a talk; the
employee gets a personal invitation each time."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from koers.access import once, policy
from koers.access.actor import Actor
from koers.audit import events as audit
from koers.conversations import defaults, invitations, queries
from koers.conversations.models import (
    OPEN_STATUSES,
    AgendaPoint,
    Conversation,
    ConversationType,
    Invitation,
    Status,
    Trajectory,
    is_short_notice,
)
from koers.lib.concurrency import StaleEdit
from koers.lib.errors import NotAllowed, Refused
from koers.organisations.models import Employee, Team


def _check_notice(starts_at: datetime.datetime, confirmed: bool) -> None:
    if is_short_notice(starts_at) and not confirmed:
        raise Refused("conversations.short_notice")


def _require_open(conversation: Conversation) -> None:
    if not conversation.is_open:
        raise Refused("conversations.closed")


@transaction.atomic
def plan_conversation(
    actor: Actor,
    *,
    employee: Employee,
    conversation_type: ConversationType,
    starts_at: datetime.datetime,
    duration_minutes: int,
    place: str,
    short_notice_confirmed: bool = False,
    base_url: str,
    send_email: bool = True,
    token: str = "",
    trajectory: Trajectory | None = None,
) -> Conversation:
    """004: plan at least two weeks ahead (less only after confirmation); 001 step 1: the
    employee gets a personal invitation, by e-mail with .ics or by letter. Once: the form
    sent twice (``token``) gets the talk the first made; a second talk for the same employee
    at the same moment is ``Duplicate``. ``trajectory``: one talk of a series
    (``actions.series.plan_series``)."""
    policy.require(actor, "plan_conversation", employee)
    if conversation_type.organisation_id != employee.organisation_id:
        raise NotAllowed("plan_conversation", "conversations.conversationtype")
    _check_notice(starts_at, short_notice_confirmed)

    def existing() -> Conversation | None:
        return (
            Conversation.objects.filter(employee=employee, starts_at=starts_at)
            .exclude(status=Status.CANCELLED)
            .first()
        )

    def make() -> Conversation:
        template = queries.current_template(conversation_type) or defaults.create_default_version(
            conversation_type
        )
        conversation = Conversation.objects.create(
            organisation_id=employee.organisation_id,
            employee=employee,
            manager=actor.employee,
            conversation_type=conversation_type,
            template=template,
            starts_at=starts_at,
            duration_minutes=duration_minutes,
            place=place,
            short_notice_confirmed=is_short_notice(starts_at),
            created_by=actor.employee,
            trajectory=trajectory,
        )
        _carry_agenda_points(conversation)
        _notify(conversation, Invitation.Kind.INVITE, base_url, send_email=send_email)
        _record(actor, "conversation.planned", conversation, starts_on=_day(starts_at))
        return conversation

    return once.make_once(
        actor,
        token,
        Conversation,
        make,
        existing=existing,
        refusal="conversations.already_planned",
    )


def _day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def _record(actor: Actor, verb: str, conversation: Conversation, **params) -> None:
    audit.record(actor, verb, conversation, employee=conversation.employee, **params)


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
    skipped: list[Employee]  # already have an open conversation (or one at that time)
    repeated: bool = False  # the same form again: the first submission planned the team


@transaction.atomic
def plan_for_team(
    actor: Actor,
    *,
    team: Team,
    conversation_type: ConversationType,
    first_starts_at: datetime.datetime,
    duration_minutes: int,
    gap_minutes: int,
    place: str,
    short_notice_confirmed: bool = False,
    base_url: str,
    token: str = "",
    previewed: str | None = None,
) -> TeamPlan:
    """004 for a whole team in one go: one talk after another from the start time, with a
    pause between talks, within the organisation's working hours on working days
    (``queries.team_schedule``). People who already have an open talk are skipped.
    ``previewed``: the digest of the schedule the manager saw (``TeamSchedule.digest``); when
    the schedule is not that one any more, nothing is planned (``conversations.schedule_changed``).
    Once per form (``token``): sent twice, the team is planned once."""
    policy.require(actor, "plan_conversations", team)
    _check_notice(first_starts_at, short_notice_confirmed)
    result = TeamPlan(planned=[], skipped=[])
    planned_here: list[bool] = []  # make() ran in this call (not an earlier submission)

    def make() -> Team:
        schedule = queries.team_schedule(
            actor,
            team,
            first_starts_at=first_starts_at,
            duration_minutes=duration_minutes,
            gap_minutes=gap_minutes,
        )
        if previewed is not None and previewed != schedule.digest:
            raise Refused("conversations.schedule_changed")
        result.skipped.extend(schedule.skipped)
        for slot in schedule.slots:
            try:
                planned = plan_conversation(
                    actor,
                    employee=slot.employee,
                    conversation_type=conversation_type,
                    starts_at=slot.starts_at,
                    duration_minutes=duration_minutes,
                    place=place,
                    short_notice_confirmed=True,
                    base_url=base_url,
                )
            except once.Duplicate:
                result.skipped.append(slot.employee)
            else:
                result.planned.append(planned)
        planned_here.append(True)
        return team

    once.make_once(actor, token, Team, make)
    if not planned_here:  # an earlier submission of this form planned the team
        return TeamPlan(planned=[], skipped=[], repeated=True)
    return result


@transaction.atomic
def reschedule(
    actor: Actor,
    conversation: Conversation,
    *,
    starts_at: datetime.datetime,
    duration_minutes: int,
    place: str,
    short_notice_confirmed: bool = False,
    base_url: str,
    expected_revision: int | None = None,
) -> Conversation:
    """Verzetten: the same calendar entry with SEQUENCE + 1, so calendars update it. The
    calendar's SEQUENCE is the edit token too (``expected_revision``): a move made on an
    older page (the talk was moved or cancelled since) is refused (``StaleEdit``)."""
    policy.require(actor, "conduct", conversation)
    stored = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if expected_revision is not None and expected_revision != stored.sequence:
        raise StaleEdit(stored, revision=stored.sequence, stored=stored.when_values())
    _require_open(stored)
    _check_notice(starts_at, short_notice_confirmed)
    conversation.starts_at = starts_at
    conversation.duration_minutes = duration_minutes
    conversation.place = place
    conversation.short_notice_confirmed = is_short_notice(starts_at)
    conversation.manager = actor.employee
    conversation.sequence += 1
    conversation.save()
    _notify(conversation, Invitation.Kind.UPDATE, base_url)
    _record(actor, "conversation.rescheduled", conversation, starts_on=_day(starts_at))
    return conversation


@transaction.atomic
def cancel(
    actor: Actor,
    conversation: Conversation,
    *,
    reason: str,
    base_url: str,
    send_email: bool = True,
) -> Conversation:
    """Afzeggen: METHOD:CANCEL on the same UID with SEQUENCE + 1. The reason is the
    manager's text: kept on the talk, never in the dossier log."""
    policy.require(actor, "conduct", conversation)
    _require_open(conversation)
    conversation.status = Status.CANCELLED
    conversation.cancelled_at = timezone.now()
    conversation.cancel_reason = reason
    conversation.sequence += 1
    conversation.save()
    _notify(conversation, Invitation.Kind.CANCEL, base_url, send_email=send_email)
    _record(actor, "conversation.cancelled", conversation)
    return conversation


def _notify(
    conversation: Conversation, kind: str, base_url: str, *, send_email: bool = True
) -> Invitation:
    """E-mail with .ics when the employee has an address; otherwise a letter to print.
    The e-mail goes through the invitations' outbox (``invitations.deliver``): a mail
    server that is down does not undo or fail the planning. ``send_email=False`` (demo data
    only) records the invitation without sending it."""
    employee = conversation.employee
    channel = Invitation.Channel.EMAIL if employee.email else Invitation.Channel.LETTER
    by_email = channel == Invitation.Channel.EMAIL and send_email
    invitation = Invitation.objects.create(
        conversation=conversation,
        kind=kind,
        channel=channel,
        sequence=conversation.sequence,
        recipient=employee.email,
        base_url=base_url[:200],
        # An outbox entry, due now: tried after the commit, retried by ``koers remind``.
        next_attempt_at=timezone.now() if by_email else None,
    )
    if by_email:
        transaction.on_commit(lambda: invitations.send_soon(invitation))
    return invitation
