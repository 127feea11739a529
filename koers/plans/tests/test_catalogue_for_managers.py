"""Issue 11 item 8: the manager reads the course catalogue and sees cost and subsidy notes
where they choose a course for an activity; only HR keeps the catalogue."""

from decimal import Decimal

import pytest
from django.urls import reverse

from koers.plans.models import Category, Course, DevelopmentPlan

pytestmark = pytest.mark.django_db


def kees_plan() -> DevelopmentPlan:
    return DevelopmentPlan.objects.get(employee__personnel_number="D-medewerker")


def bhv() -> Course:
    return Course.objects.get(organisation__slug="demo-werkbedrijf", name="BHV basis")


def test_manager_reads_the_catalogue_with_cost_and_subsidy(plans_demo, login_as):
    course = bhv()
    course.subsidy_notes = "Subsidie via het O&O-fonds: 50%."
    course.save()
    response = login_as("manager").get(reverse("course-list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "BHV basis" in page
    assert "185,50" in page
    assert "Subsidie via het O&amp;O-fonds: 50%." in page
    # Read-only: no add, edit or take-out for the manager.
    assert reverse("course-create") not in page
    assert reverse("course-edit", args=[course.pk]) not in page
    assert reverse("course-toggle", args=[course.pk]) not in page


def test_manager_does_not_see_courses_taken_out_of_the_catalogue(plans_demo, login_as):
    course = bhv()
    course.is_active = False
    course.save()
    page = login_as("manager").get(reverse("course-list"), {"show_inactive": "on"})
    assert "BHV basis" not in page.content.decode()
    page = login_as("hr").get(reverse("course-list"), {"show_inactive": "on"})
    assert "BHV basis" in page.content.decode()


def test_manager_cannot_change_the_catalogue(plans_demo, login_as):
    course = bhv()
    client = login_as("manager")
    assert client.get(reverse("course-create")).status_code == 403
    response = client.post(
        reverse("course-edit", args=[course.pk]), {"name": "Anders", "cost": "1.00"}
    )
    assert response.status_code == 403
    response = client.post(reverse("course-toggle", args=[course.pk]), {"active": "0"})
    assert response.status_code == 403
    course.refresh_from_db()
    assert (course.name, course.cost, course.is_active) == ("BHV basis", Decimal("185.50"), True)


def test_choosing_a_course_shows_cost_and_subsidy_without_javascript(plans_demo, login_as):
    course = bhv()
    course.subsidy_notes = "Subsidie via het O&O-fonds: 50%."
    course.save()
    plan = kees_plan()
    point = plan.points.get(category=Category.CAREER)
    response = login_as("manager").get(reverse("plan-activity-create", args=[plan.pk, point.pk]))
    assert response.status_code == 200
    option = response.context["form"].fields["course"]
    labels = dict((str(value), label) for value, label in option.choices)
    assert labels[str(course.pk)] == (
        "BHV basis (Veilig Werken BV) · € 185,50 · Subsidie via het O&O-fonds: 50%."
    )
    page = response.content.decode()
    assert 'id="course-catalogue"' in page
    assert "Subsidie via het O&amp;O-fonds: 50%." in page
