"""Issue 10 item 6 beyond the POP and the talk: every create form that a double click could
send twice carries a one-time token, and the second submission makes nothing new.

Each case opens the form page as the browser would, takes the hidden ``once`` token from
the HTML, and sends the same form twice: one new row, not two.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db.models import Model
from django.urls import reverse

from koers.cards.models import CardItem, TeamAgreement
from koers.conversations.models import AgendaPoint
from koers.followup.models import CheckIn
from koers.organisations.models import Department, Employee, Team
from koers.plans.models import DevelopmentPlan, Training
from koers.testing import talk_with_kees

pytestmark = pytest.mark.django_db

KEES = "D-medewerker"


def _kees() -> Employee:
    return Employee.objects.get(organisation__slug="demo-werkbedrijf", personnel_number=KEES)


def _kees_plan() -> DevelopmentPlan:
    return DevelopmentPlan.objects.filter(employee=_kees()).order_by("pk").first()


def _assemblage() -> Team:
    return Team.objects.get(organisation__slug="demo-werkbedrijf", name="Assemblage")


@dataclass
class Form:
    user: str
    page: Callable[[], str]  # where the form is shown
    data: Callable[[], dict[str, Any]]
    model: type[Model]
    action: Callable[[], str] | None = None  # where it is sent, when not to the page itself


def _agenda_talk() -> int:
    return talk_with_kees().pk


FORMS = {
    "person": Form(
        "admin",
        lambda: reverse("person-create"),
        lambda: {
            "personnel_number": "X-100",
            "first_name": "Anne",
            "last_name": "Nieuw",
            "initials": "A.",
            "team": _assemblage().pk,
            "function": "Monteur",
            "contract_type": "permanent",
            "hours_per_week": "32",
        },
        Employee,
    ),
    "department": Form(
        "admin", lambda: reverse("team-list"), lambda: {"name": "Techniek"}, Department
    ),
    "team": Form(
        "admin",
        lambda: reverse("team-create"),
        lambda: {"name": "Nieuw team", "department": _assemblage().department_id},
        Team,
    ),
    "card item": Form(
        "medewerker",
        lambda: reverse("card-step", args=[_kees().pk, "plezier", "wish"]),
        lambda: {"what": "Meer buiten werken"},
        CardItem,
    ),
    "team agreement": Form(
        "manager",
        lambda: reverse("teamcard-edit", args=[_assemblage().pk]),
        lambda: {"action": "agreement", "theme": "plezier", "text": "Samen lunchen"},
        TeamAgreement,
    ),
    "training": Form(
        "manager",
        lambda: reverse("plan-training-add", args=[_kees_plan().pk]),
        lambda: {"name": "Heftruck", "year": "2020", "institute": "Bedrijfsschool"},
        Training,
    ),
    "progress note": Form(
        "medewerker",
        lambda: reverse("plan-progress", args=[_kees_plan().pk]),
        lambda: {
            "about": f"point-{_kees_plan().points.order_by('pk').first().pk}",
            "kind": "progress",
            "text": "Het gaat goed.",
        },
        CheckIn,
    ),
}


def _token(html: str) -> str:
    [token] = re.findall(r'name="once" value="([^"]+)"', html)
    return token


@pytest.mark.parametrize("name", FORMS)
def test_a_create_form_sent_twice_makes_one(name, full_demo, login_as):
    form = FORMS[name]
    client = login_as(form.user)
    page = form.page()
    shown = client.get(page)
    assert shown.status_code == 200
    data = form.data() | {"once": _token(shown.content.decode())}
    before = form.model.objects.count()
    first = client.post(form.action() if form.action else page, data)
    second = client.post(form.action() if form.action else page, data)
    assert first.status_code == 302, first.content.decode()[:2000]
    assert second.status_code == 302
    assert form.model.objects.count() == before + 1


def test_an_agenda_point_sent_twice_is_added_once(full_demo, login_as):
    talk = _agenda_talk()
    client = login_as("medewerker")
    shown = client.get(reverse("conversation-prepare", args=[talk]))
    data = {"text": "Werktijden", "once": _token(shown.content.decode())}
    client.post(reverse("conversation-agenda-add", args=[talk]), data)
    client.post(reverse("conversation-agenda-add", args=[talk]), data)
    assert AgendaPoint.objects.filter(conversation_id=talk, text="Werktijden").count() == 1
