"""Issue 11 item 4: HR sees the average mark employees gave their talk, per department, only
where at least five people gave one (no identifiable small groups); set-based."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from koers.conversations.actions import planning
from koers.conversations.actions import rating as rating_actions
from koers.conversations.actions import talk as talk_actions
from koers.followup.queries.hr import MIN_RATED_PEOPLE, conversation_score
from koers.organisations.actors import actor_for
from koers.organisations.models import Department, Employee
from koers.testing import default_types

pytestmark = pytest.mark.django_db

DEPARTMENT = "Productie"


def people(count: int, offset: int = 0) -> list[Employee]:
    """Employees of the department who are not the manager of their own team."""
    department = Department.objects.get(organisation__slug="demo-werkbedrijf", name=DEPARTMENT)
    found = [
        e
        for e in Employee.objects.filter(team__department=department)
        .select_related("team", "organisation")
        .order_by("personnel_number")
        if not e.team.managers.filter(pk=e.pk).exists() and e.team.managers.exists()
    ]
    return found[offset : offset + count]


def rate(employees: list[Employee], score: int | None) -> None:
    """Each employee has a held talk with their manager, and rates it (None: liever niet)."""
    for number, employee in enumerate(employees):
        manager = actor_for(employee.team.managers.order_by("pk").first())
        talk = planning.plan_conversation(
            manager,
            employee=employee,
            conversation_type=default_types(employee.organisation)[0],
            starts_at=timezone.now() - datetime.timedelta(days=2 + number),
            duration_minutes=60,
            place="Kantine",
            short_notice_confirmed=True,
            base_url="http://testserver/",
            send_email=False,
        )
        talk_actions.finish_talk(manager, talk, held_earlier=True)
        talk.refresh_from_db()
        rating_actions.rate_talk(actor_for(employee), talk, score=score, declined=score is None)


def hr():
    return actor_for(Employee.objects.get(user__username="hr"))


def shown(department: str = DEPARTMENT) -> list[dict]:
    _available, _overall, rows = conversation_score(hr())
    return [row for row in rows if row["department"] == department]


def test_four_ratings_are_not_shown(demo):
    rate(people(MIN_RATED_PEOPLE - 1), 4)
    assert shown() == []
    _available, overall, _rows = conversation_score(hr())
    assert overall is None


def test_five_ratings_are_shown(demo):
    rate(people(4), 4)
    rate(people(1, offset=4), 2)
    assert shown() == [{"department": DEPARTMENT, "average": Decimal("3.6"), "count": 5}]
    _available, overall, _rows = conversation_score(hr())
    assert overall == Decimal("3.6")


def test_liever_niet_does_not_count_towards_five(demo):
    rate(people(4), 5)
    rate(people(1, offset=4), None)
    assert shown() == []


def test_the_hr_dashboard_shows_the_average_only_from_five(demo, login_as):
    rate(people(4), 4)
    client = login_as("hr")
    page = client.get(reverse("dashboard-hr")).content.decode()
    assert 'id="hr-score"' not in page
    assert "minstens vijf medewerkers" in page
    rate(people(1, offset=4), 4)
    page = client.get(reverse("dashboard-hr")).content.decode()
    assert 'id="hr-score"' in page and DEPARTMENT in page


def test_the_figure_takes_two_queries_at_two_sizes(demo):
    """The marks, grouped per department, and the sums of erased files (issue 16)."""
    actor = hr()
    conversation_score(actor)  # the actor's roles and teams, loaded once
    rate(people(5), 3)
    with CaptureQueriesContext(connection) as small:
        conversation_score(actor)
    rate(people(10, offset=5), 5)
    with CaptureQueriesContext(connection) as large:
        conversation_score(actor)
    assert len(small) == len(large) == 2
    assert shown()[0]["count"] == 15
