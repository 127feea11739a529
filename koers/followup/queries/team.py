"""The manager's board, "mijn team": per person in the teams I lead now, and the open
activities with the employer's commitments first (001)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from koers.access.actor import Actor
from koers.access.relations import LED_NOW
from koers.access.views import visible
from koers.followup import rules
from koers.followup.queries.people import annotate_people, count_activities, talk_due
from koers.organisations.models import Employee
from koers.plans.models import Activity, Owner
from koers.signing.status import status_text

# A talk is "due soon" on the manager's board this many days before its due date.
DUE_SOON = datetime.timedelta(days=30)


TEAM_FILTERS = ("all", "talk", "late", "no_plan")


@dataclass
class TeamBoard:
    people: list[Employee]
    commitments: list[Activity]
    own_activities: list[Activity]
    shown: str
    total: int
    counts: dict[str, int] = field(default_factory=dict)


def _flag(condition: Q) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def _live_activities(
    actor: Actor, team_ids: frozenset[int], today: datetime.date
) -> QuerySet[Activity]:
    """The live activities of the people of these teams (not mine), most urgent first, with
    the flags the board shows and counts."""
    return (
        rules.live_activities(today)
        # Read under the board's relation, "led now", as a filter on the path: not as
        # ``__in=visible(...)``, an OR that SQLite without statistics answers by reading
        # the organisation's whole employee index (tests/test_query_plans.py).
        .filter(LED_NOW.q(actor, "point__plan__employee"))
        .filter(point__plan__employee__team_id__in=team_ids)
        .select_related("point__plan__employee")
        .annotate(
            overdue=_flag(rules.employer_overdue(today) | rules.over_time(today)),
            employer_late=_flag(rules.employer_overdue(today)),
            late_start=_flag(rules.not_started(today)),
        )
        .order_by("-overdue", "due", "pk")
    )


def team_board(actor: Actor, shown: str = "all", team_id: int | None = None) -> TeamBoard:
    """Per person in the teams I lead now: last talk, next talk or when it is due, plan
    status, open and overdue activities, employer commitments. Employer commitments are
    listed first (001: "Afspraken uit het POP dienen als eerste vanuit de leiding te worden
    nagekomen"). Three queries, whatever the team size."""
    today = timezone.localdate()
    team_ids = actor.led_team_ids
    if team_id is not None and team_id in team_ids:
        team_ids = frozenset({team_id})
    people: list[Employee] = list(
        annotate_people(
            visible(Employee, actor)
            .filter(team_id__in=team_ids)
            .exclude(pk=actor.employee_id)
            .in_service(today)
            .select_related("team"),
            today,
        ).order_by("last_name", "first_name", "pk")
    )
    rows = list(_live_activities(actor, team_ids, today))
    count_activities(people, rows)
    for person in people:
        person.next_due = talk_due(person)
        person.plan_status = status_text(person.plan_state) if person.plan_state else None
        person.talk_needed = person.next_talk is None and (
            person.next_due is None or person.next_due <= today + DUE_SOON
        )
        person.talk_overdue = person.next_talk is None and (
            person.next_due is None or person.next_due < today
        )
    groups = {
        "all": people,
        "talk": [p for p in people if p.talk_needed],
        "late": [p for p in people if p.overdue_activities or p.not_started],
        "no_plan": [p for p in people if p.plan_id is None],
    }
    shown = shown if shown in groups else "all"
    for activity in rows:
        activity.is_overdue = bool(activity.overdue)
        # The rule's own words (courses and trainings only, never meelopen: issue 11 item 6).
        activity.not_started = bool(activity.late_start)
    return TeamBoard(
        people=groups[shown],
        commitments=[a for a in rows if a.owner == Owner.EMPLOYER],
        own_activities=[a for a in rows if a.owner == Owner.EMPLOYEE],
        shown=shown,
        total=len(people),
        counts={key: len(value) for key, value in groups.items()},
    )
