"""One door: every change of a POP, the catalogue and the budget is an action that checks the
policy (someone it refuses changes nothing) and records its event."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from koers.audit.models import AuditEvent
from koers.lib.errors import NotAllowed, Refused
from koers.organisations.actors import actor_for
from koers.organisations.models import Employee
from koers.plans import actions
from koers.plans.models import ActivityStatus, Course, DevelopmentPlan, DevelopmentPoint
from koers.signing.models import Version

from .test_plans import kees_plan, person

pytestmark = pytest.mark.django_db


def events() -> list[tuple[str, str]]:
    return list(AuditEvent.objects.order_by("pk").values_list("verb", "actor__personnel_number"))


def test_a_colleague_cannot_make_a_plan_and_nothing_changes(plans_demo):
    kees = person("D-medewerker")
    before, logged = DevelopmentPlan.objects.count(), events()
    with pytest.raises(NotAllowed):
        actions.create_plan(actor_for(person("D-collega")), kees)
    assert DevelopmentPlan.objects.count() == before
    assert events() == logged


def test_hr_cannot_change_a_plan_and_nothing_changes(plans_demo):
    plan = kees_plan()
    points, versions, logged = plan.points.count(), Version.objects.of(plan).count(), events()
    with pytest.raises(NotAllowed):
        actions.save_point(actor_for(person("D-hr")), plan, category="personal", title="Nee")
    assert plan.points.count() == points
    assert Version.objects.of(plan).count() == versions
    assert events() == logged


def test_the_employee_cannot_remove_a_point_of_their_plan(plans_demo):
    plan = kees_plan()
    point = plan.points.first()
    logged = events()
    with pytest.raises(NotAllowed):
        actions.remove_point(actor_for(plan.employee), point)
    assert DevelopmentPoint.objects.filter(pk=point.pk).exists()
    assert events() == logged


def test_a_manager_cannot_keep_the_catalogue_or_the_budget(plans_demo):
    manager = actor_for(person("D-manager"))
    course = Course.objects.filter(organisation__slug="demo-werkbedrijf").first()
    department = person("D-medewerker").team.department
    courses, logged = Course.objects.count(), events()
    with pytest.raises(NotAllowed):
        actions.save_course(manager, name="Zelf bedacht", institute="Nergens")
    with pytest.raises(NotAllowed):
        actions.set_course_active(manager, course, False)
    with pytest.raises(NotAllowed):
        actions.set_budget(manager, department, 2030, Decimal("100.00"))
    course.refresh_from_db()
    assert course.is_active
    assert Course.objects.count() == courses
    assert not department.training_budgets.filter(year=2030).exists()
    assert events() == logged


def test_hr_of_another_organisation_cannot_set_a_budget(plans_demo):
    other_hr = actor_for(Employee.objects.get(personnel_number="D-hr2"))
    department = person("D-medewerker").team.department
    with pytest.raises(NotAllowed):
        actions.set_budget(other_hr, department, 2030, Decimal("100.00"))
    assert not department.training_budgets.filter(year=2030).exists()


def test_making_a_plan_records_its_event_in_the_employees_file(plans_demo):
    kees = person("D-medewerker")
    manager = actor_for(person("D-manager"))
    start = datetime.date(2030, 1, 1)
    plan = actions.create_plan(manager, kees, period_start=start)
    event = AuditEvent.objects.filter(verb="plan.created").latest("seq")
    assert (event.employee_id, event.actor_id, event.subject_id) == (
        kees.pk,
        manager.employee_id,
        plan.pk,
    )
    assert event.params == {"period_start": "2030-01-01"}


def test_progress_records_its_event(plans_demo):
    plan = kees_plan()
    activity = (
        plan.points.get(title="Heftruck rijden")
        .activities.filter(status=ActivityStatus.PLANNED)
        .first()
    )
    actions.change_activity_status(actor_for(person("D-hr")), activity, ActivityStatus.REGISTERED)
    event = AuditEvent.objects.latest("seq")
    assert (event.verb, event.employee_id) == ("plan.activity_progress", plan.employee_id)
    assert event.params == {"activity": activity.pk, "status": "registered"}


def test_the_catalogue_and_the_budget_record_their_events(plans_demo):
    hr = actor_for(person("D-hr"))
    course = actions.save_course(hr, name="Lassen", institute="ROC", cost=Decimal("100.00"))
    assert AuditEvent.objects.latest("seq").verb == "course.saved"
    actions.set_course_active(hr, course, False)
    assert AuditEvent.objects.latest("seq").verb == "course.withdrawn"
    actions.set_course_active(hr, course, True)
    assert AuditEvent.objects.latest("seq").verb == "course.restored"
    department = person("D-medewerker").team.department
    budget = actions.set_budget(hr, department, 2030, Decimal("1000.00"))
    event = AuditEvent.objects.latest("seq")
    assert (event.verb, event.subject_id, event.employee_id) == ("budget.saved", budget.pk, None)
    assert event.params == {"department": department.pk, "year": 2030}


def test_a_plan_without_points_is_refused_for_signing_in_the_readers_language(plans_demo):
    manager = actor_for(person("D-manager"))
    plan = actions.create_plan(
        manager, person("D-medewerker"), period_start=datetime.date(2031, 1, 1)
    )
    logged = events()
    with pytest.raises(Refused) as refused:
        actions.send_for_signing(manager, plan)
    assert refused.value.code == "plan.nothing_to_sign"
    with translation.override("en"):
        assert refused.value.message == "First add at least one development point."
    assert events() == logged
