"""Every read and change of a POP is an audit event in the employee's file, recorded in the
same transaction as the change."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from koers.audit import verbs
from koers.audit.models import AuditEvent
from koers.plans import actions
from koers.plans.demo import actor_for
from koers.plans.models import Category, DevelopmentPoint

from .test_plans import kees_plan, point_data

pytestmark = pytest.mark.django_db


def new_events(plan, since: int) -> list[tuple[str, str, dict]]:
    return list(
        AuditEvent.objects.filter(employee=plan.employee, seq__gt=since)
        .order_by("seq")
        .values_list("actor__personnel_number", "verb", "params")
    )


def head(plan) -> int:
    return AuditEvent.objects.filter(organisation=plan.organisation).order_by("-seq")[0].seq


def agreement(**overrides):
    data = point_data(**overrides)
    return {k: v for k, v in data.items() if k != "deadline"}


def test_a_failing_change_leaves_no_event(plans_demo):
    """Two agreements adopted at once: the second is invalid, so neither the first point nor
    its event stays."""
    plan = kees_plan()
    manager = actor_for(plan.employee.team.managers.first())
    since, points = head(plan), DevelopmentPoint.objects.count()
    with pytest.raises(ValidationError):
        actions.adopt_agreements(
            manager, plan, [agreement(), agreement(category="no-such-category")]
        )
    assert DevelopmentPoint.objects.count() == points
    assert head(plan) == since


def test_a_change_whose_event_cannot_be_recorded_does_not_happen(plans_demo, monkeypatch):
    plan = kees_plan()
    manager = actor_for(plan.employee.team.managers.first())
    points = DevelopmentPoint.objects.count()
    monkeypatch.delitem(verbs.registry(), "plan.point_added")
    with pytest.raises(verbs.UnknownVerb):
        actions.save_point(manager, plan, **agreement())
    assert DevelopmentPoint.objects.count() == points


def test_a_change_is_recorded_as_codes_without_the_typed_text(plans_demo):
    plan = kees_plan()
    manager = actor_for(plan.employee.team.managers.first())
    since = head(plan)
    point = actions.save_point(manager, plan, **agreement(category=Category.CAREER))
    [(who, verb, params)] = new_events(plan, since)
    assert (who, verb) == ("D-manager", "plan.point_added")
    assert params == {"point": point.pk, "category": "career"}
    assert "Printplaten" not in str(AuditEvent.objects.filter(seq__gt=since).values())


def test_reads_of_the_plan_page_versions_and_pdfs_are_events(plans_demo, login_as):
    plan = kees_plan()
    since = head(plan)
    client = login_as("manager")
    client.get(reverse("plan-detail", args=[plan.pk]))
    client.get(reverse("plan-versions", args=[plan.pk]))
    client.get(reverse("plan-pdf", args=[plan.pk]))
    client.get(reverse("plan-version-pdf", args=[plan.pk, 1]))
    assert new_events(plan, since) == [
        ("D-manager", "plan.read", {}),
        ("D-manager", "plan.versions_read", {}),
        ("D-manager", "plan.downloaded", {}),
        ("D-manager", "plan.version_downloaded", {"number": 1}),
    ]
