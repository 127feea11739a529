"""Who sees what: "the current signed version is what HR sees in the personnel file". HR reads
the signed version from its frozen snapshot, never a draft; progress stays HR's to keep."""

import pytest
from django.urls import reverse

from koers.organisations.actors import actor_for
from koers.plans import actions
from koers.plans.demo import plan_by_team_manager
from koers.plans.models import Activity, ActivityStatus, Category, DevelopmentPlan
from koers.signing import services as signing
from koers.signing.models import VersionStatus

from .test_plans import kees_plan, person

pytestmark = pytest.mark.django_db


def signed_then_draft() -> DevelopmentPlan:
    """The demo plan with a signed version 1 and a newer draft (version 2)."""
    return DevelopmentPlan.objects.with_state().get(state=VersionStatus.DRAFT, versions__number=2)


def test_hr_sees_the_signed_version_and_a_note_about_the_newer_draft(plans_demo, login_as):
    plan = signed_then_draft()
    manager = actor_for(person("D-manager"))
    point = plan.points.get(category=Category.FUNCTION)
    actions.save_point(manager, plan, point, title="Alleen in het concept")
    response = login_as("hr").get(reverse("plan-detail", args=[plan.pk]))
    page = response.content.decode()
    assert "Er wordt een nieuwe versie voorbereid; hieronder de laatst getekende versie." in page
    assert "Solderen van printplaten" in page  # the signed title
    assert "Alleen in het concept" not in page
    assert "versie 1 getekend op" in page
    assert "Klaarzetten om te tekenen" not in page
    # The manager still sees the draft.
    assert (
        "Alleen in het concept"
        in login_as("manager").get(reverse("plan-detail", args=[plan.pk])).content.decode()
    )


def test_hr_sees_only_a_statement_when_nothing_is_signed(plans_demo, login_as):
    plan = plan_by_team_manager(person("D-collega"))
    client = login_as("hr")
    page = client.get(reverse("plan-detail", args=[plan.pk])).content.decode()
    assert "nog niet getekend" in page and plan.employee.full_name in page
    assert "Orderpicken met de scanner" not in page
    assert "Een dag meelopen" not in page
    assert client.get(reverse("plan-pdf", args=[plan.pk])).status_code == 404
    versions = client.get(reverse("plan-versions", args=[plan.pk])).content.decode()
    assert "Concept (pdf)" not in versions


def test_hr_reads_no_version_that_is_not_signed(plans_demo, login_as, pdf_text):
    plan = signed_then_draft()
    manager = actor_for(person("D-manager"))
    actions.send_for_signing(manager, plan)
    client = login_as("hr")
    assert client.get(reverse("plan-version-pdf", args=[plan.pk, 2])).status_code == 404
    assert client.get(reverse("plan-version-pdf", args=[plan.pk, 1])).status_code == 200
    text = pdf_text(client.get(reverse("plan-pdf", args=[plan.pk])))
    assert "versie 1" in text and "Concept" not in text
    versions = client.get(reverse("plan-versions", args=[plan.pk])).context["versions"]
    assert [row.version.number for row in versions] == [1]


def test_hr_keeps_the_progress_of_the_signed_activities(plans_demo, login_as):
    plan = signed_then_draft()
    manager = actor_for(person("D-manager"))
    signed_activity = Activity.objects.filter(
        point__plan=plan, status=ActivityStatus.PLANNED
    ).first()
    draft_only = actions.save_activity(
        manager, plan.points.first(), kind="coach", description="Nieuw in het concept"
    )
    client = login_as("hr")
    page = client.get(reverse("plan-detail", args=[plan.pk])).content.decode()
    assert f'id="activity-{signed_activity.pk}"' in page
    assert "Nieuw in het concept" not in page
    response = client.post(
        reverse("plan-activity-status", args=[plan.pk, signed_activity.pk]),
        {"status": "registered"},
    )
    assert response.status_code == 302
    signed_activity.refresh_from_db()
    assert signed_activity.status == ActivityStatus.REGISTERED
    response = client.post(
        reverse("plan-activity-status", args=[plan.pk, draft_only.pk]), {"status": "registered"}
    )
    assert response.status_code == 404
    # Progress is not a change of the agreement: still one signed version and one draft.
    assert [v.status for v in signing.versions_of(plan)] == [
        VersionStatus.SIGNED,
        VersionStatus.DRAFT,
    ]


def test_hr_signed_page_and_export_for_the_training_administration(plans_demo, login_as):
    plan = kees_plan()
    client = login_as("hr")
    page = client.get(reverse("plan-detail", args=[plan.pk])).content.decode()
    assert "Voortgang van de activiteiten" in page
    assert "Heftruckcertificaat" in page
    csv_text = client.get(reverse("plan-export-csv")).content.decode("utf-8-sig")
    assert "Heftruckcertificaat" in csv_text and "Basis solderen" in csv_text


def test_hr_plan_page_query_count_does_not_grow(
    plans_demo, login_as, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    plan = kees_plan()
    client = login_as("hr")
    url = reverse("plan-detail", args=[plan.pk])
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(url)


def test_hr_sees_which_signed_points_are_on_the_card_without_a_link(plans_demo, login_as):
    from koers.cards import actions as cards
    from koers.cards.models import ItemKind, Theme
    from koers.plans.demo import sign_both

    plan = kees_plan()
    item = cards.add_item(
        actor_for(plan.employee),
        plan.employee,
        theme=Theme.GROEI,
        kind=ItemKind.AGREEMENT,
        what="Zelf solderen",
    )
    login_as("manager").post(
        reverse("card-item-to-plan", args=[plan.employee_id, item.pk]),
        {"category": "function", "title": "Solderen op de kaart"},
    )
    client = login_as("hr")
    assert (
        "Solderen op de kaart"
        not in client.get(reverse("plan-detail", args=[plan.pk])).content.decode()
    )  # only in the draft
    sign_both(plan, actor_for(person("D-manager")))
    page = client.get(reverse("plan-detail", args=[plan.pk])).content.decode()
    assert "Solderen op de kaart" in page
    assert "Staat ook op de gesprekskaart" in page
    assert reverse("card-item-show", args=[plan.employee_id, item.pk]) not in page
