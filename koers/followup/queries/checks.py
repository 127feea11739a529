"""Read-only checks for the follow-up screens: may this actor do it, is the question open."""

from __future__ import annotations

from django.utils import timezone

from koers.access import policy
from koers.access.actor import Actor
from koers.followup.models import CheckIn, CheckInKind
from koers.organisations.models import Employee
from koers.plans.models import (
    COURSE_START_KINDS,
    OPEN_ACTIVITY_STATUSES,
    Activity,
    ActivityStatus,
    DevelopmentPlan,
)


def can_write_check_in(plan: DevelopmentPlan, actor: Actor) -> bool:
    """Who sees what: the employee writes their own notes; the current manager too."""
    return policy.allows(actor, "write_check_in", plan)


def may_set_interval(employee: Employee, actor: Actor) -> bool:
    """HR, or the employee's current manager (they agree it together, 002 step 4)."""
    return policy.allows(actor, "agree_interval", employee)


def course_check_open(activity: Activity) -> bool:
    """The one-week question can be answered while the course is marked started and has no
    answer since."""
    return (
        activity.kind in COURSE_START_KINDS
        and activity.status == ActivityStatus.STARTED
        and not CheckIn.objects.filter(
            activity=activity,
            kind=CheckInKind.COURSE_CHECK,
            created_at__gte=activity.status_changed_at or timezone.now(),
        ).exists()
    )


def course_start_questions(plan: DevelopmentPlan, actor: Actor) -> list[Activity]:
    """Issue 11 item 6: the employee's courses and trainings with a start date that are not
    finished, each with the one-click answer (ja / nog niet / gestopt) on the plan."""
    if plan.employee_id != actor.employee_id:
        return []
    return list(
        Activity.objects.filter(
            point__plan=plan,
            kind__in=COURSE_START_KINDS,
            period_from__isnull=False,
            status__in=OPEN_ACTIVITY_STATUSES,
        ).order_by("period_from", "pk")
    )
