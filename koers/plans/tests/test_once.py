"""Issue 10 item 6: "nieuw POP" sent twice makes one plan, not two."""

import datetime

import pytest
from django.urls import reverse

from koers.organisations.models import Team
from koers.plans import actions
from koers.plans.models import DevelopmentPlan
from koers.plans.tests.test_plans import person

pytestmark = pytest.mark.django_db

START = datetime.date(2027, 1, 1)


def newcomer():
    """Someone in the demo manager's team without a demo plan."""
    return Team.objects.get(name="Assemblage").members.order_by("-personnel_number").first()


def _form(client) -> dict:
    """The create form as the browser gets it: with its one-time token."""
    page = client.get(reverse("plan-create"))
    return {"once": page.context["form"]["once"].value()}


def test_the_same_form_sent_twice_makes_one_plan(plans_demo, login_as):
    client = login_as("manager")
    member = newcomer()
    data = _form(client) | {"employee": member.pk, "period_start": "2027-01-01"}
    first = client.post(reverse("plan-create"), data)
    second = client.post(reverse("plan-create"), data)
    plan = DevelopmentPlan.objects.get(employee=member, period_start="2027-01-01")
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == reverse("plan-detail", args=[plan.pk])


def test_a_second_form_for_the_same_employee_and_date_opens_the_first_plan(plans_demo, login_as):
    client = login_as("manager")
    member = newcomer()
    values = {"employee": member.pk, "period_start": "2027-01-01"}
    client.post(reverse("plan-create"), _form(client) | values)
    again = client.post(reverse("plan-create"), _form(client) | values, follow=True)
    plan = DevelopmentPlan.objects.get(employee=member, period_start="2027-01-01")
    assert again.redirect_chain == [(reverse("plan-detail", args=[plan.pk]), 302)]
    assert "heeft al een POP dat op die datum begint" in again.content.decode()


def test_each_showing_of_the_form_has_its_own_token(plans_demo, login_as):
    client = login_as("manager")
    assert _form(client)["once"] and _form(client) != _form(client)


def test_the_database_allows_one_plan_per_employee_per_start_date(plans_demo):
    from django.db import IntegrityError, transaction

    plan = DevelopmentPlan.objects.filter(employee=person("D-medewerker")).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        DevelopmentPlan.objects.create(
            organisation=plan.organisation,
            employee=plan.employee,
            period_start=plan.period_start,
            period_end=plan.period_end,
        )


def test_the_action_returns_the_plan_of_an_earlier_submission(plans_demo):
    from koers.organisations.actors import actor_for

    manager = actor_for(person("D-manager"))
    member = newcomer()
    first = actions.create_plan(manager, member, period_start=START, token="abc")
    assert actions.create_plan(manager, member, period_start=START, token="abc") == first
    assert DevelopmentPlan.objects.filter(employee=member, period_start="2027-01-01").count() == 1
