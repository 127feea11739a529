"""The per-person figures the team board and "mijn koers" share: each employee annotated with
their interval, last and next talk and current plan, in one query; the board's counts of live
activities from the activities it loads."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable

from django.db.models import Case, IntegerField, OuterRef, QuerySet, Subquery, Value, When

from koers.followup import rules
from koers.organisations.models import Employee
from koers.plans.models import Activity, ActivityStatus, DevelopmentPlan, Owner


def current_plan(today: datetime.date) -> QuerySet[DevelopmentPlan]:
    """Per employee (OuterRef "pk"): the plan that runs today, else the newest."""
    return DevelopmentPlan.objects.filter(employee=OuterRef("pk")).order_by(
        Case(
            When(period_start__lte=today, period_end__gte=today, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        "-period_start",
        "-pk",
    )


def annotate_people(people: QuerySet[Employee], today: datetime.date) -> QuerySet[Employee]:
    """Each person with their interval, last, agreed and next talk, and current plan (its id
    and state). The counts of activities are not here: the board counts the team's live
    activities it loads anyway (``count_activities``), one set-based query instead of five
    correlated counts per person (issue 18)."""
    plans = current_plan(today)
    return people.annotate(
        months=rules.interval_months(),
        last_talk=rules.last_talk(),
        agreed_next=rules.agreed_next_talk(),
        next_talk=rules.next_talk(),
        plan_id=Subquery(plans.values("pk")[:1]),
        plan_state=Subquery(plans.with_state().values("state")[:1]),
    )


def count_activities(people: Iterable[Employee], activities: Iterable[Activity]) -> None:
    """Set each person's counts of live activities (open, overdue, employer open and overdue,
    not started) from the live activities of their team, annotated with the flags
    ``overdue``, ``employer_late`` and ``late_start`` (``team_board``)."""
    counts: dict[int, Counter[str]] = defaultdict(Counter)
    for activity in activities:
        tally = counts[activity.point.plan.employee_id]
        tally["open"] += 1
        tally["overdue"] += bool(activity.overdue)
        tally["not_started"] += bool(activity.late_start)
        if activity.owner == Owner.EMPLOYER:
            tally["employer_open"] += activity.status == ActivityStatus.PLANNED
            tally["employer_overdue"] += bool(activity.employer_late)
    for person in people:
        tally = counts[person.pk]
        person.open_activities = tally["open"]
        person.overdue_activities = tally["overdue"]
        person.employer_open = tally["employer_open"]
        person.employer_overdue = tally["employer_overdue"]
        person.not_started = tally["not_started"]


def talk_due(person: Employee) -> datetime.date | None:
    """The one rule (``rules.next_talk_due``) on a person from ``annotate_people``."""
    return rules.next_talk_due(
        person.last_talk, person.in_service_since, person.months, person.agreed_next
    )
