"""Trajectories (issue 11 item 2; 004: "soms beslaat een loopbaangesprek een traject van een
gesprek of vier"): a series of 2–4 talks on one theme, "gesprek 2 van 4", its summary on
the POP."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from koers.audit.models import AuditEvent
from koers.conversations.actions import planning, series
from koers.conversations.models import Conversation, Invitation, Trajectory
from koers.lib.errors import Refused
from koers.organisations.actors import actor_for
from koers.plans import actions as plans
from koers.testing import default_types

pytestmark = pytest.mark.django_db


def _form(demo, kees, **changes) -> dict:
    data = {
        "employee": str(kees.pk),
        "conversation_type": str(default_types(demo)[1].pk),
        "theme": "Doorgroeien naar voorman",
        "talk_count": "3",
        "date": "2026-03-23",
        "time": "10:00",
        "weeks_between": "4",
        "duration_minutes": "45",
        "place": "Spreekkamer 2",
    }
    return {**data, **changes}


def _series(demo, kees, sanne, count: int = 3) -> Trajectory:
    return series.plan_series(
        actor_for(sanne),
        employee=kees,
        conversation_type=default_types(demo)[1],
        theme="Doorgroeien naar voorman",
        talk_count=count,
        first_starts_at=datetime.datetime(2026, 3, 23, 10, 0, tzinfo=datetime.UTC),
        weeks_between=4,
        duration_minutes=45,
        place="Spreekkamer 2",
        base_url="http://testserver/",
        send_email=False,
    )


def test_the_manager_plans_a_series_of_three(demo, kees, sanne, now, login_as):
    client = login_as("manager")
    assert client.get(reverse("conversation-series-plan")).status_code == 200
    response = client.post(reverse("conversation-series-plan"), _form(demo, kees))
    trajectory = Trajectory.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("conversation-series", args=[trajectory.pk])
    talks = list(trajectory.talks.order_by("starts_at"))
    assert [t.starts_at.date() for t in talks] == [
        datetime.date(2026, 3, 23),
        datetime.date(2026, 4, 20),
        datetime.date(2026, 5, 18),
    ]
    assert {t.employee_id for t in talks} == {kees.pk}
    assert Invitation.objects.filter(conversation__trajectory=trajectory).count() == 3
    assert AuditEvent.objects.filter(verb="series.planned", params__talk_count=3).exists()
    page = client.get(reverse("conversation-series", args=[trajectory.pk])).content.decode()
    assert "Gesprek 1 van 3" in page and "Gesprek 3 van 3" in page
    detail = client.get(reverse("conversation-detail", args=[talks[1].pk])).content.decode()
    assert "gesprek 2 van 3" in detail and "Doorgroeien naar voorman" in detail


def test_the_form_sent_twice_plans_one_series(demo, kees, sanne, now, login_as):
    client = login_as("manager")
    page = client.get(reverse("conversation-series-plan")).content.decode()
    once = re.search(r'name="once" value="([^"]+)"', page).group(1)
    for _ in range(2):
        client.post(reverse("conversation-series-plan"), _form(demo, kees, once=once))
    assert Trajectory.objects.count() == 1
    assert Conversation.objects.filter(employee=kees).count() == 3


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"talk_count": "5"}, "Een traject heeft 2, 3 of 4 gesprekken."),
        ({"talk_count": "1"}, "Een traject heeft 2, 3 of 4 gesprekken."),
        ({"weeks_between": "13"}, "Kies 1 tot en met 12 weken"),
        ({"theme": ""}, "Dit veld is verplicht"),
        ({"employee": "999999"}, "Kies een medewerker uit de lijst"),
    ],
)
def test_bad_input_plans_nothing(demo, kees, sanne, now, login_as, change, message):
    response = login_as("manager").post(
        reverse("conversation-series-plan"), _form(demo, kees, **change)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Trajectory.objects.exists() and not Conversation.objects.filter(employee=kees)


def test_a_clash_with_a_planned_talk_plans_none_of_the_series(demo, kees, sanne, now):
    planning.plan_conversation(
        actor_for(sanne),
        employee=kees,
        conversation_type=default_types(demo)[0],
        starts_at=datetime.datetime(2026, 4, 20, 10, 0, tzinfo=datetime.UTC),
        duration_minutes=60,
        place="Kantine",
        base_url="http://testserver/",
        send_email=False,
    )
    with pytest.raises(Refused):
        _series(demo, kees, sanne)
    assert not Trajectory.objects.exists()
    assert Conversation.objects.filter(employee=kees).count() == 1


def test_only_the_current_manager_plans_a_series(demo, kees, now):
    hr = actor_for(kees.organisation.employees.get(personnel_number="D-hr"))
    with pytest.raises(Exception) as refused:
        series.plan_series(
            hr,
            employee=kees,
            conversation_type=default_types(demo)[1],
            theme="Iets",
            talk_count=2,
            first_starts_at=datetime.datetime(2026, 3, 23, 10, tzinfo=datetime.UTC),
            weeks_between=2,
            duration_minutes=45,
            place="Kamer",
            base_url="http://testserver/",
        )
    assert type(refused.value).__name__ == "NotAllowed"
    assert not Trajectory.objects.exists()


def test_a_cancelled_talk_does_not_count(demo, kees, sanne, now, login_as):
    trajectory = _series(demo, kees, sanne)
    _first, second, third = trajectory.talks.order_by("starts_at")
    planning.cancel(actor_for(sanne), second, reason="Ziek", base_url="", send_email=False)
    page = login_as("manager").get(reverse("conversation-detail", args=[third.pk]))
    assert "gesprek 2 van 2" in page.content.decode()


def test_the_summary_is_the_managers_and_shows_on_the_pop(demo, kees, sanne, now, login_as):
    trajectory = _series(demo, kees, sanne, count=2)
    first = trajectory.talks.order_by("starts_at").first()
    plan = plans.create_plan(actor_for(sanne), kees, period_start=now.date(), conversation=first)
    url = reverse("conversation-series", args=[trajectory.pk])
    client = login_as("manager")
    page = client.get(url).content.decode()
    token = re.search(r'name="revision" value="(\d+)"', page).group(1)
    saved = client.post(url, {"summary": "Twee gesprekken; hij wordt voorman.", "revision": token})
    assert saved.status_code == 302
    stale = client.post(url, {"summary": "Iets anders.", "revision": token})
    assert stale.status_code == 409
    trajectory.refresh_from_db()
    assert trajectory.summary == "Twee gesprekken; hij wordt voorman."

    employee = login_as("medewerker")
    assert "hij wordt voorman" in employee.get(url).content.decode()
    assert 'name="summary"' not in employee.get(url).content.decode()
    employee.post(url, {"summary": "Door de medewerker.", "revision": "99"})
    trajectory.refresh_from_db()
    assert trajectory.summary == "Twee gesprekken; hij wordt voorman."
    pop = employee.get(reverse("plan-detail", args=[plan.pk])).content.decode()
    assert "Traject: Doorgroeien naar voorman" in pop and "hij wordt voorman" in pop


def test_others_never_see_the_series(demo, kees, sanne, now, login_as):
    trajectory = _series(demo, kees, sanne, count=2)
    url = reverse("conversation-series", args=[trajectory.pk])
    assert login_as("collega").get(url).status_code == 404
    assert login_as("hr2").get(url).status_code == 404
    assert login_as("hr").get(url).status_code == 200
