"""003 on paper: an employee without a login (or who prefers paper) signs the printed version;
their current manager enters it. Same version, same hash, same end state as online."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from koers.audit.models import AuditEvent
from koers.lib.errors import NotAllowed
from koers.organisations.actors import actor_for
from koers.plans import actions
from koers.plans.models import DevelopmentPlan
from koers.signing import services as signing
from koers.signing.models import Choice, VersionStatus
from koers.testing import state_of

pytestmark = pytest.mark.django_db


def waiting_plan() -> DevelopmentPlan:
    """The demo plan whose version 1 waits for the employee (an Assemblage member)."""
    return DevelopmentPlan.objects.with_state().get(state=VersionStatus.TO_SIGN)


def paper(**overrides):
    return {"signed_on": timezone.localdate().isoformat(), "choice": "agreed", **overrides}


def test_printed_version_waiting_for_the_employee_has_lines_to_sign(plans_demo, login_as, pdf_text):
    plan = waiting_plan()
    client = login_as("manager")
    for url in (
        reverse("plan-version-pdf", args=[plan.pk, 1]),
        reverse("plan-pdf", args=[plan.pk]),
    ):
        flat = " ".join(pdf_text(client.get(url)).split())
        assert "Paraaf: ______" in flat
        assert "Datum: ____ - ____ - ________" in flat
        assert "☐ akkoord ☐ voor gezien ☐ correctie gevraagd" in flat
        assert signing.latest_version(plan).content_hash in flat


def test_plan_signed_on_paper_ends_signed_like_online(plans_demo, login_as, pdf_text):
    plan = waiting_plan()
    version = signing.latest_version(plan)
    frozen_hash = version.content_hash
    client = login_as("manager")
    page = client.get(reverse("plan-detail", args=[plan.pk])).content.decode()
    assert "Handtekening op papier invoeren" in page
    assert client.get(reverse("plan-sign-paper", args=[plan.pk])).status_code == 200

    response = client.post(reverse("plan-sign-paper", args=[plan.pk]), paper())
    assert response.status_code == 302
    plan.refresh_from_db()
    assert state_of(plan) == VersionStatus.EMPLOYEE_SIGNED
    signature = signing.latest_version(plan).employee_signature
    assert signature.signed_by == plan.employee
    assert signature.recorded_by.personnel_number == "D-manager"
    assert signature.paper_date == timezone.localdate()
    assert signature.signed_hash == frozen_hash

    # The manager then signs as usual.
    client.post(reverse("plan-sign", args=[plan.pk]), {"choice": "agreed"})
    plan.refresh_from_db()
    assert state_of(plan) == VersionStatus.SIGNED
    version = signing.latest_version(plan)
    assert (version.number, version.content_hash) == (1, frozen_hash)
    assert signing.verify(version)

    page = client.get(reverse("plan-versions", args=[plan.pk])).content.decode()
    assert "op papier getekend op" in page and "ingevoerd door Sanne de Vries" in page
    flat = " ".join(pdf_text(client.get(reverse("plan-pdf", args=[plan.pk]))).split())
    assert "op papier getekend, ingevoerd door Sanne de Vries" in flat
    assert "☐ akkoord" not in flat
    [event] = AuditEvent.objects.filter(employee=plan.employee, verb="plan.signed_on_paper")
    assert event.params == {
        "number": 1,
        "choice": "agreed",
        "signed_on": timezone.localdate().isoformat(),
    }
    assert event.actor.personnel_number == "D-manager"
    assert event.subject_id == plan.pk


def test_voor_gezien_on_paper_puts_the_remark_in_the_signed_version(plans_demo, login_as):
    plan = waiting_plan()
    before = signing.latest_version(plan).content_hash
    client = login_as("manager")
    response = client.post(reverse("plan-sign-paper", args=[plan.pk]), paper(choice="seen"))
    assert "Neem de opmerking van het papier over." in response.content.decode()
    client.post(
        reverse("plan-sign-paper", args=[plan.pk]),
        paper(choice="seen", remark="Liever na de zomer."),
    )
    version = signing.latest_version(plan)
    assert version.snapshot["employee_remark"] == "Liever na de zomer."
    assert version.content_hash != before
    assert version.employee_signature.signed_hash == version.content_hash


def test_correction_on_paper_makes_the_next_draft(plans_demo):
    plan = waiting_plan()
    manager = actor_for(plan.employee.team.managers.first())
    actions.record_paper_signature(
        manager, plan, Choice.CORRECTION, "Verkeerde cursus.", signed_on=timezone.localdate()
    )
    plan.refresh_from_db()
    assert state_of(plan) == VersionStatus.DRAFT
    assert signing.latest_version(plan).number == 2


def test_paper_date_in_the_future_or_before_the_version_is_refused(plans_demo, login_as):
    plan = waiting_plan()
    client = login_as("manager")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        reverse("plan-sign-paper", args=[plan.pk]), paper(signed_on=tomorrow.isoformat())
    )
    assert "Deze datum ligt in de toekomst." in response.content.decode()
    long_ago = timezone.localdate() - datetime.timedelta(days=400)
    response = client.post(
        reverse("plan-sign-paper", args=[plan.pk]), paper(signed_on=long_ago.isoformat())
    )
    assert "klaargezet om te tekenen" in response.content.decode()
    with pytest.raises(signing.PaperDateInvalid):
        actions.record_paper_signature(
            actor_for(plan.employee.team.managers.first()), plan, "agreed", signed_on=tomorrow
        )
    assert signing.latest_version(plan).status == VersionStatus.TO_SIGN


def test_no_paper_signature_after_the_employee_signed_online(plans_demo, login_as):
    plan = waiting_plan()
    actions.sign_plan(actor_for(plan.employee), plan, Choice.AGREED)
    client = login_as("manager")
    assert (
        "Er wacht geen versie"
        in client.get(reverse("plan-sign-paper", args=[plan.pk])).content.decode()
    )
    client.post(reverse("plan-sign-paper", args=[plan.pk]), paper(choice="correction", remark="x"))
    version = signing.latest_version(plan)
    assert version.status == VersionStatus.EMPLOYEE_SIGNED
    assert not version.employee_signature.is_on_paper
    with pytest.raises(signing.SigningRefused):
        actions.record_paper_signature(
            actor_for(plan.employee.team.managers.first()),
            plan,
            "agreed",
            signed_on=timezone.localdate(),
        )


def test_only_the_current_manager_enters_a_paper_signature(plans_demo, login_as):
    from koers.plans.demo import plan_by_team_manager

    from .test_plans import person

    plan = waiting_plan()
    dewi = plan_by_team_manager(person("D-collega"))
    actions.send_for_signing(actor_for(dewi.employee.team.managers.first()), dewi)
    assert (
        login_as("manager").post(reverse("plan-sign-paper", args=[dewi.pk]), paper()).status_code
        == 404
    )
    assert (
        login_as("hr").post(reverse("plan-sign-paper", args=[plan.pk]), paper()).status_code == 403
    )
    with pytest.raises(NotAllowed):
        actions.record_paper_signature(
            actor_for(person("D-hr")), plan, "agreed", signed_on=timezone.localdate()
        )
    assert signing.latest_version(plan).status == VersionStatus.TO_SIGN
    assert signing.latest_version(dewi).status == VersionStatus.TO_SIGN


@pytest.mark.parametrize(
    "refused",
    [
        {"choice": Choice.SEEN, "remark": ""},
        {"choice": Choice.CORRECTION, "remark": "  "},
        {"signed_on": "2099-01-01"},
        {"signed_on": "1999-01-01"},
        {"signed_on": ""},
        {"choice": "maybe"},
        {"remark": "met een\x00nul"},
    ],
)
def test_refused_paper_signature_of_a_plan_changes_nothing(plans_demo, login_as, refused):
    from koers.testing import assert_no_writes

    plan = waiting_plan()
    client = login_as("manager")
    client.get(reverse("plan-sign-paper", args=[plan.pk]))
    with assert_no_writes():
        response = client.post(reverse("plan-sign-paper", args=[plan.pk]), paper(**refused))
    assert response.status_code == 200
    assert state_of(plan) == VersionStatus.TO_SIGN
