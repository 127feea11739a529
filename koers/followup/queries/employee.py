"""The employee's own page, "mijn koers": the next talk, what I do next, what my employer does
next, my progress and the open course questions."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from koers.access.actor import Actor
from koers.access.views import visible
from koers.conversations.models import OPEN_STATUSES, Conversation
from koers.followup import rules
from koers.followup.models import CheckIn
from koers.followup.queries.people import annotate_people, talk_due
from koers.organisations.models import Employee
from koers.plans.models import Activity, ActivityStatus, DevelopmentPlan, Owner


@dataclass
class MyCourse:
    next_talk: Conversation | None
    last_talk: datetime.datetime | None
    next_due: datetime.date | None
    next_agreed: bool  # next_due is the date agreed in the last talk's Afsluiting
    plan: DevelopmentPlan | None
    my_actions: list[Activity]
    employer_actions: list[Activity]
    progress: dict[str, int]
    recent_notes: list[CheckIn]
    course_checks: list[Activity]

    @property
    def done_share(self) -> int:
        total = self.progress.get("total", 0)
        return round(100 * self.progress.get("completed", 0) / total) if total else 0


def my_course(actor: Actor) -> MyCourse:
    """My next talk, what I do next, what my employer does next, my progress. A fixed number
    of queries."""
    today = timezone.localdate()
    me = annotate_people(
        visible(Employee, actor).filter(pk=actor.employee_id), today
    ).select_related("organisation")
    person = me.first()
    next_talk = (
        visible(Conversation, actor)
        .filter(employee_id=actor.employee_id, status__in=OPEN_STATUSES)
        .filter(starts_at__gt=timezone.now())
        .select_related("manager", "conversation_type")
        .order_by("starts_at")
        .first()
    )
    plan = (
        visible(DevelopmentPlan, actor)
        .filter(employee_id=actor.employee_id, pk=getattr(person, "plan_id", None))
        .first()
    )
    actions = list(
        rules.live_activities(today)
        .filter(point__plan__employee_id=actor.employee_id)
        .select_related("point")
        .order_by("due", "pk")
    )
    for activity in actions:
        activity.is_overdue = (activity.end is not None and activity.end < today) or (
            activity.owner == Owner.EMPLOYER
            and activity.status == ActivityStatus.PLANNED
            and activity.due is not None
            and activity.due < today
        )
    progress: dict[str, int] = {}
    if plan is not None:
        progress = Activity.objects.filter(point__plan=plan).aggregate(
            total=Count("pk", filter=~Q(status=ActivityStatus.CANCELLED)),
            completed=Count("pk", filter=Q(status=ActivityStatus.COMPLETED)),
            started=Count("pk", filter=Q(status=ActivityStatus.STARTED)),
            registered=Count("pk", filter=Q(status=ActivityStatus.REGISTERED)),
            planned=Count("pk", filter=Q(status=ActivityStatus.PLANNED)),
        )
    # Only a started activity can be due the question: no query when none is (the common case).
    checks = []
    if any(a.status == ActivityStatus.STARTED for a in actions):
        due_ids = set(
            Activity.objects.filter(pk__in=[a.pk for a in actions])
            .filter(rules.course_check_due(timezone.now()))
            .values_list("pk", flat=True)
        )
        checks = [a for a in actions if a.pk in due_ids]
    return MyCourse(
        next_talk=next_talk,
        last_talk=getattr(person, "last_talk", None),
        next_due=talk_due(person) if person else None,
        next_agreed=bool(person and person.agreed_next and talk_due(person) == person.agreed_next),
        plan=plan,
        my_actions=[a for a in actions if a.owner == Owner.EMPLOYEE],
        employer_actions=[a for a in actions if a.owner == Owner.EMPLOYER],
        progress=progress,
        recent_notes=list(
            visible(CheckIn, actor)
            .filter(plan__employee_id=actor.employee_id)
            .select_related("point", "activity", "author")[:5]
        ),
        course_checks=checks,
    )
