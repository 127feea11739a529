"""State changes of the follow-up: progress notes, the course question, reading notices,
notification choices, the agreed conversation interval. Views call these; the outbox
(``outbox``) queues and delivers notices; nothing else writes follow-up rows.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.access.actor import Actor
from koers.access.relations import is_current_manager
from koers.followup import outbox
from koers.followup.models import (
    Channel,
    CheckIn,
    CheckInKind,
    ConversationInterval,
    CourseAnswer,
    Notice,
    NoticeKind,
    NotificationPreference,
)
from koers.organisations.models import Employee, Role
from koers.plans.models import Activity, ActivityKind, ActivityStatus, DevelopmentPlan

# --- progress notes ------------------------------------------------------------------------


def can_write_check_in(plan: DevelopmentPlan, actor: Actor) -> bool:
    """Who sees what: the employee writes their own notes; the current manager too."""
    if actor.employee_id is None or actor.organisation_id != plan.organisation_id:
        return False
    return plan.employee_id == actor.employee_id or (
        plan.employee.team_id is not None and plan.employee.team_id in actor.led_team_ids
    )


@transaction.atomic
def add_check_in(
    plan: DevelopmentPlan,
    actor: Actor,
    *,
    point_id: int,
    activity_id: int | None = None,
    kind: str = CheckInKind.PROGRESS,
    text: str,
) -> CheckIn:
    """001: "aandacht schenken aan ervaringen met een cursus of andere activiteiten, de
    toepassing van het geleerde in de praktijk, veranderingen in wensen of behoeften"."""
    if not can_write_check_in(plan, actor):
        raise PermissionDenied
    point = plan.points.filter(pk=point_id).first()
    if point is None:
        raise ValidationError(_("Kies een aandachtspunt van dit POP."), code="point")
    if activity_id is not None and not point.activities.filter(pk=activity_id).exists():
        raise ValidationError(_("Deze activiteit hoort niet bij dit aandachtspunt."), code="act")
    if not text.strip():
        raise ValidationError(_("Schrijf kort hoe het gaat."), code="empty")
    return CheckIn.objects.create(
        plan=plan,
        point=point,
        activity_id=activity_id,
        kind=kind,
        text=text.strip(),
        author_id=actor.employee_id,
    )


def course_check_open(activity: Activity) -> bool:
    """The one-week question can be answered while the course is marked started and has no
    answer since."""
    return (
        activity.kind == ActivityKind.COURSE
        and activity.status == ActivityStatus.STARTED
        and not CheckIn.objects.filter(
            activity=activity,
            kind=CheckInKind.COURSE_CHECK,
            created_at__gte=activity.status_changed_at or timezone.now(),
        ).exists()
    )


@transaction.atomic
def answer_course_check(activity: Activity, actor: Actor, answer: str, note: str = "") -> CheckIn:
    """001: "goed in de gaten houden dat cursussen daadwerkelijk beginnen". The employee
    answers in one click; the answer is a progress note. 'Nog niet' and 'gestopt' go to the
    manager at once, who keeps the activity's status (the employee does not)."""
    plan = activity.point.plan
    if actor.employee_id != plan.employee_id:
        raise PermissionDenied
    if answer not in CourseAnswer.values:
        raise ValidationError(_("Kies een antwoord."), code="answer")
    check_in = CheckIn.objects.create(
        plan=plan,
        point=activity.point,
        activity=activity,
        kind=CheckInKind.COURSE_CHECK,
        course_answer=answer,
        text=note.strip(),
        author_id=actor.employee_id,
    )
    if answer != CourseAnswer.YES:
        # The notice names the answer; the note stays with the progress notes (it is what
        # the employee typed, and may say more than belongs in an e-mail).
        params = {"answer": answer, "activity": activity.pk, "with_note": bool(note.strip())}
        team_id = plan.employee.team_id
        managers = (
            Employee.objects.filter(led_teams=team_id).exclude(pk=plan.employee_id)
            if team_id
            else Employee.objects.none()
        )
        outbox.queue(
            Notice(
                organisation_id=plan.organisation_id,
                recipient_id=manager_id,
                kind=NoticeKind.COURSE_ANSWER,
                subject_type="checkin",
                subject_id=check_in.pk,
                due_on=timezone.localdate(),
                params=params,
                link=reverse("plan-progress", args=[plan.pk]),
            )
            for manager_id in managers.values_list("pk", flat=True)
        )
    return check_in


@transaction.atomic
def mark_read(notice: Notice, actor: Actor) -> Notice:
    if notice.recipient_id != actor.employee_id:
        raise PermissionDenied
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


@transaction.atomic
def mark_all_read(actor: Actor) -> int:
    return Notice.objects.filter(recipient_id=actor.employee_id, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def set_channel(user: object, channel: str) -> NotificationPreference:
    """Each user chooses e-mail or in-app only."""
    if channel not in Channel.values:
        raise ValidationError(_("Kies hoe u meldingen wilt krijgen."), code="channel")
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"channel": channel}
    )
    return preference


def may_set_interval(employee: Employee, actor: Actor) -> bool:
    """HR, or the employee's current manager (they agree it together, 002 step 4)."""
    if actor.organisation_id != employee.organisation_id or actor.employee is None:
        return False
    return actor.has_role(Role.HR) or is_current_manager(actor, employee)


@transaction.atomic
def set_interval(
    employee: Employee, actor: Actor, months: int | None
) -> ConversationInterval | None:
    """002 step 4: "Spreek met je medewerker af hoe vaak een ontwikkelgesprek plaatsvindt".
    ``None`` returns to the organisation's interval."""
    if not may_set_interval(employee, actor):
        raise PermissionDenied
    if months is None:
        ConversationInterval.objects.filter(employee=employee).delete()
        return None
    interval = ConversationInterval.objects.filter(employee=employee).first()
    interval = interval or ConversationInterval(employee=employee)
    interval.months = months
    interval.set_by_id = actor.employee_id
    interval.full_clean()
    interval.save()
    return interval
