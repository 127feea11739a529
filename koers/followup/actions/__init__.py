"""Every change of the follow-up: progress notes, the course question, reading notices,
notification choices and the agreed conversation interval; the outbox's writes (what
``koers remind`` queues, claims, delivers and releases) are in ``actions.outbox``. The actor
first; the policy (``koers.followup.policy``) and the dossier event inside one
transaction."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from koers.access import once, policy
from koers.access.actor import Actor
from koers.audit import events as audit
from koers.followup import refusals  # noqa: F401  (registers the Refused codes)
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
from koers.lib import concurrency
from koers.lib.errors import NotAllowed, Refused
from koers.organisations.models import Employee
from koers.plans.actions import points as plan_points
from koers.plans.models import Activity, DevelopmentPlan

# --- progress notes ------------------------------------------------------------------------


@transaction.atomic
def add_check_in(
    actor: Actor,
    plan: DevelopmentPlan,
    *,
    point_id: int,
    activity_id: int | None = None,
    kind: str = CheckInKind.PROGRESS,
    text: str,
    token: str = "",
) -> CheckIn:
    """001: "aandacht schenken aan ervaringen met een cursus of andere activiteiten, de
    toepassing van het geleerde in de praktijk, veranderingen in wensen of behoeften".
    Once per form (``token``)."""
    policy.require(actor, "write_check_in", plan)
    point = plan.points.filter(pk=point_id).first()
    if point is None:
        raise Refused("followup.point_not_in_plan")
    if activity_id is not None and not point.activities.filter(pk=activity_id).exists():
        raise Refused("followup.activity_not_of_point")
    if not text.strip():
        raise Refused("followup.empty_note")

    def make() -> CheckIn:
        check_in = CheckIn.objects.create(
            plan=plan,
            point=point,
            activity_id=activity_id,
            kind=kind,
            text=text.strip(),
            author_id=actor.employee_id,
        )
        audit.record(
            actor,
            "checkin.added",
            check_in,
            employee=plan.employee,
            checkin=check_in.pk,
            kind=kind,
        )
        return check_in

    return once.make_once(actor, token, CheckIn, make)


@transaction.atomic
def answer_course_check(actor: Actor, activity: Activity, answer: str, note: str = "") -> CheckIn:
    """001: "goed in de gaten houden dat cursussen daadwerkelijk beginnen". The employee
    answers in one click (ja / nog niet / gestopt), only for a course or training with a
    start date: the activity's status follows the answer
    (``plans.actions.points.answer_course_start``), the answer is a progress note, and the
    manager is told at once (a COURSE_ANSWER notice, in the same transaction)."""
    policy.require(actor, "answer_course_check", activity)
    plan = activity.point.plan
    if answer not in CourseAnswer.values:
        raise Refused("followup.choose_answer")
    plan_points.answer_course_start(actor, activity, answer)
    check_in = CheckIn.objects.create(
        plan=plan,
        point=activity.point,
        activity=activity,
        kind=CheckInKind.COURSE_CHECK,
        course_answer=answer,
        text=note.strip(),
        author_id=actor.employee_id,
    )
    # Every answer goes to the manager at once (issue 11 item 6).
    # The notice names the answer; the note stays with the progress notes (it is what
    # the employee typed, and may say more than belongs in an e-mail).
    params = {"answer": answer, "activity": activity.pk, "with_note": bool(note.strip())}
    team_id = plan.employee.team_id
    managers = (
        Employee.objects.filter(led_teams=team_id).exclude(pk=plan.employee_id)
        if team_id
        else Employee.objects.none()
    )
    # Into the outbox, insert-ignore on the unique reason key.
    Notice.objects.bulk_create(
        [
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
        ],
        ignore_conflicts=True,
    )
    audit.record(
        actor,
        "course.answered",
        check_in,
        employee=plan.employee,
        checkin=check_in.pk,
        activity=activity.pk,
        answer=answer,
    )
    return check_in


# --- notices -------------------------------------------------------------------------------


@transaction.atomic
def mark_read(actor: Actor, notice: Notice) -> Notice:
    policy.require(actor, "read", notice)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
        audit.record(
            actor,
            "notice.read",
            notice,
            employee=actor.employee,
            notice=notice.pk,
            kind=notice.kind,
        )
    return notice


@transaction.atomic
def mark_all_read(actor: Actor) -> int:
    if actor.employee is None:
        raise NotAllowed("read_notices", "organisations.employee")
    policy.require(actor, "read_notices", actor.employee)
    count = Notice.objects.filter(recipient_id=actor.employee_id, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if count:
        audit.record(actor, "notice.all_read", employee=actor.employee, count=count)
    return count


@transaction.atomic
def set_channel(
    actor: Actor, channel: str, *, expected_revision: int | None = None
) -> NotificationPreference:
    """Each user chooses e-mail or in-app only. ``expected_revision``: the form's token;
    a save in an older tab after the choice changed is refused."""
    preference = (
        NotificationPreference.objects.select_for_update().filter(user_id=actor.user_id).first()
    )
    preference = preference or NotificationPreference(user_id=actor.user_id)
    policy.require(actor, "change", preference)
    if channel not in Channel.values:
        raise Refused("followup.choose_channel")
    concurrency.claim_values(
        {"channel": preference.channel}, expected_revision, {"channel": channel}
    )
    preference.channel = channel
    preference.save()
    audit.record(actor, "preference.changed", employee=actor.employee, channel=channel)
    return preference


# --- the agreed interval -------------------------------------------------------------------


@transaction.atomic
def set_interval(
    actor: Actor, employee: Employee, months: int | None, *, expected_revision: int | None = None
) -> ConversationInterval | None:
    """002 step 4: "Spreek met je medewerker af hoe vaak een ontwikkelgesprek plaatsvindt".
    ``None`` returns to the organisation's interval. ``expected_revision``: the form's token;
     HR and the manager saving at once do not overwrite each other."""
    policy.require(actor, "agree_interval", employee)
    stored = (
        ConversationInterval.objects.select_for_update()
        .filter(employee=employee)
        .values_list("months", flat=True)
        .first()
    )
    concurrency.claim_values({"months": stored}, expected_revision, {"months": months})
    if months is None:
        ConversationInterval.objects.filter(employee=employee).delete()
        audit.record(actor, "interval.cleared", employee, employee=employee)
        return None
    interval = ConversationInterval.objects.filter(employee=employee).first()
    interval = interval or ConversationInterval(employee=employee)
    interval.months = months
    interval.set_by_id = actor.employee_id
    interval.full_clean()
    interval.save()
    audit.record(actor, "interval.agreed", interval, employee=employee, months=months)
    return interval
