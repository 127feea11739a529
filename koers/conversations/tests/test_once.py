"""Issue 10 item 6: "gesprek plannen" sent twice plans one talk, not two."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from koers.conversations.models import Conversation, Status
from koers.conversations.tests.conftest import plan_form
from koers.organisations.models import Team
from koers.testing import default_types

pytestmark = pytest.mark.django_db


def _form(client, demo, who: str, date: datetime.date) -> dict:
    """The planning form as the browser gets it: with its one-time token."""
    page = client.get(reverse("conversation-plan"))
    token = page.context["form"]["once"].value()
    return plan_form(who, date, conversation_type=default_types(demo)[0].pk) | {"once": token}


def test_the_same_form_sent_twice_plans_one_talk(
    login_as, demo, kees, now, django_capture_on_commit_callbacks
):
    client = login_as("manager")
    data = _form(client, demo, f"employee-{kees.pk}", (now + datetime.timedelta(days=21)).date())
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(reverse("conversation-plan"), data)
        second = client.post(reverse("conversation-plan"), data)
    talk = Conversation.objects.get(employee=kees)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert first["Location"] == reverse("conversation-detail", args=[talk.pk])
    assert talk.invitations.count() == 1


def test_a_second_form_for_the_same_time_opens_the_planned_talk(
    login_as, demo, kees, now, django_capture_on_commit_callbacks
):
    client = login_as("manager")
    date = (now + datetime.timedelta(days=21)).date()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("conversation-plan"), _form(client, demo, f"employee-{kees.pk}", date))
        again = client.post(
            reverse("conversation-plan"),
            _form(client, demo, f"employee-{kees.pk}", date),
            follow=True,
        )
    talk = Conversation.objects.get(employee=kees)
    assert again.redirect_chain == [(reverse("conversation-detail", args=[talk.pk]), 302)]
    assert "Er staat al een gesprek met deze medewerker op dat moment" in again.content.decode()


def test_the_same_team_form_sent_twice_plans_the_team_once(
    login_as, demo, sanne, now, django_capture_on_commit_callbacks
):
    team = Team.objects.get(organisation=demo, name="Assemblage")
    client = login_as("manager")
    data = _form(client, demo, f"team-{team.pk}", (now + datetime.timedelta(days=15)).date())
    preview = client.post(reverse("conversation-plan"), data)  # the slots; nothing planned
    data = {**data, "confirm": "1", "schedule": preview.context["schedule"].digest}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("conversation-plan"), data)
        planned = Conversation.objects.filter(employee__team=team).count()
        second = client.post(reverse("conversation-plan"), data)
    assert planned == team.members.exclude(pk=sanne.pk).count()
    assert second.status_code == 302
    assert Conversation.objects.filter(employee__team=team).count() == planned


def test_the_database_allows_one_talk_per_employee_at_a_time(kees, now):
    from koers.testing import talk_with_kees

    talk = talk_with_kees()
    copy = {
        "organisation_id": talk.organisation_id,
        "employee_id": talk.employee_id,
        "manager_id": talk.manager_id,
        "conversation_type_id": talk.conversation_type_id,
        "template_id": talk.template_id,
        "starts_at": talk.starts_at,
        "place": "elders",
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        Conversation.objects.create(**copy)
    # A cancelled talk makes room for a new one at the same time.
    Conversation.objects.filter(pk=talk.pk).update(status=Status.CANCELLED)
    assert Conversation.objects.create(**copy).pk
