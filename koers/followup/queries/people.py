"""The per-person figures the team board and "mijn koers" share: each employee annotated with
their interval, last and next talk, current plan and counts of live activities, in one query."""

from __future__ import annotations

import datetime

from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from koers.followup import rules
from koers.organisations.models import Employee
from koers.plans.models import ActivityStatus, DevelopmentPlan, Owner


def count_per_employee(queryset: QuerySet) -> Coalesce:
    """A correlated count (the queryset is filtered on an OuterRef) as an integer."""
    return Coalesce(
        Subquery(
            queryset.order_by().values("point__plan__employee").annotate(n=Count("pk")).values("n")
        ),
        Value(0),
        output_field=IntegerField(),
    )


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
    live = rules.live_activities(today).filter(point__plan__employee=OuterRef("pk"))
    employer = live.filter(owner=Owner.EMPLOYER)
    plans = current_plan(today)
    return people.annotate(
        months=rules.interval_months(),
        last_talk=rules.last_talk(),
        agreed_next=rules.agreed_next_talk(),
        next_talk=rules.next_talk(),
        plan_id=Subquery(plans.values("pk")[:1]),
        plan_state=Subquery(plans.with_state().values("state")[:1]),
        open_activities=count_per_employee(live),
        overdue_activities=count_per_employee(
            live.filter(rules.over_time(today) | rules.employer_overdue(today))
        ),
        employer_open=count_per_employee(employer.filter(status=ActivityStatus.PLANNED)),
        employer_overdue=count_per_employee(employer.filter(rules.employer_overdue(today))),
        not_started=count_per_employee(live.filter(rules.not_started(today))),
    )


def talk_due(person: Employee) -> datetime.date | None:
    """The one rule (``rules.next_talk_due``) on a person from ``annotate_people``."""
    return rules.next_talk_due(
        person.last_talk, person.in_service_since, person.months, person.agreed_next
    )
