"""Query counts of the key pages at two sizes (issue 11 item 9, issue 18 item 6): a page's
number of queries does not grow with the team or the organisation. Each page is counted on
the demo with its extensions, then again after the manager's team grew by eight people,
each with a held talk (a trajectory for some), a signed POP with activities and card items.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from koers.cards import actions as cards
from koers.cards.models import ItemKind, Theme
from koers.conversations.actions import planning, series
from koers.conversations.actions import talk as talk_actions
from koers.organisations.actors import actor_for
from koers.organisations.models import Employee, Team
from koers.plans.demo import full_plan, sign_both
from koers.plans.models import Course, DevelopmentPlan
from koers.testing import default_types

pytestmark = pytest.mark.django_db

# (who opens it, URL name, what its arguments are built from)
PAGES = [
    ("manager", "dashboard-team", None),
    ("medewerker", "dashboard", None),
    ("hr", "dashboard-hr", None),
    ("hr", "people-list", None),
    ("hr", "conversation-list", None),
    ("manager", "conversation-list", None),
    ("hr", "plan-list", None),
    ("manager", "plan-detail", "kees_plan"),
    ("manager", "teamcard-detail", "team"),
    ("medewerker", "notification-list", None),
]


def _extend(demo) -> None:
    from koers.cards.demo import extend_demo as cards_demo
    from koers.conversations.demo import extend_demo as conversations_demo
    from koers.followup.demo import extend_demo as followup_demo
    from koers.plans.demo import extend_demo as plans_demo

    for extend in (plans_demo, conversations_demo, cards_demo, followup_demo):
        extend(demo)


def _grow(demo, team: Team, count: int) -> None:
    first = Employee.objects.filter(organisation=demo, personnel_number__startswith="G-").count()
    manager = actor_for(team.managers.order_by("pk").first())
    courses = {course.name: course for course in Course.objects.filter(organisation=demo)}
    start = timezone.localdate() - datetime.timedelta(days=30)
    kind = default_types(demo)[1]
    for number in range(first, first + count):
        person = Employee.objects.create(
            organisation=demo,
            team=team,
            personnel_number=f"G-{number}",
            first_name=f"Groei{number}",
            last_name="Test",
            in_service_since=start - datetime.timedelta(days=400),
        )
        when = timezone.now() + datetime.timedelta(days=20 + number)
        if number % 3 == 0:
            trajectory = series.plan_series(
                manager,
                employee=person,
                conversation_type=kind,
                theme="Doorgroeien",
                talk_count=2,
                first_starts_at=when,
                weeks_between=4,
                duration_minutes=45,
                place="Kamer",
                base_url="http://testserver/",
                send_email=False,
            )
            talk = trajectory.talks.order_by("starts_at").first()
        else:
            talk = planning.plan_conversation(
                manager,
                employee=person,
                conversation_type=kind,
                starts_at=when,
                duration_minutes=45,
                place="Kamer",
                base_url="http://testserver/",
                send_email=False,
            )
        talk_actions.finish_talk(manager, talk, held_earlier=True)
        plan = full_plan(person, manager, courses, start)
        sign_both(plan, manager)
        cards.add_item(manager, person, theme=Theme.GROEI, kind=ItemKind.WISH, what="Leren.")


def _args(what: str | None, demo, team: Team) -> list:
    if what == "kees_plan":
        plan = DevelopmentPlan.objects.filter(
            organisation=demo, employee__personnel_number="D-medewerker"
        ).first()
        return [plan.pk]
    if what == "team":
        return [team.pk]
    return []


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def test_key_pages_take_the_same_queries_at_two_sizes(demo, users):
    _extend(demo)
    team = Team.objects.get(organisation=demo, name="Assemblage")
    _grow(demo, team, 2)
    clients = {}
    for who in {who for who, _name, _what in PAGES}:
        clients[who] = Client()
        clients[who].force_login(users[who], backend="django.contrib.auth.backends.ModelBackend")
    urls = [(who, reverse(name, args=_args(what, demo, team))) for who, name, what in PAGES]
    for who, url in urls:  # the first visit may set up what is set up once (a session, a cache)
        _queries(clients[who], url)
    small = {(who, url): _queries(clients[who], url) for who, url in urls}
    _grow(demo, team, 8)
    large = {(who, url): _queries(clients[who], url) for who, url in urls}
    grown = {key: (small[key], large[key]) for key in small if large[key] != small[key]}
    assert not grown, f"queries (small, large) per page: {grown}"
