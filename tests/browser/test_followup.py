"""Follow-up as people use it: the three dashboards, a progress note, the one-click course
question, notifications. axe-core on every page; the charts say their figures in words."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from koers.testing_browser import assert_accessible, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def followup_site(demo_site):
    """The demo with every app's data (POPs, talks, follow-up), as ``make demo`` has it."""
    from koers.lib.registry import app_modules
    from koers.organisations.models import Organisation

    organisation = Organisation.objects.get(slug="demo-werkbedrijf")
    for module in app_modules("demo"):
        if hasattr(module, "extend_demo"):
            module.extend_demo(organisation)
    return demo_site


def visit(page: Page, url: str) -> None:
    page.goto(url)
    assert_accessible(page)


def as_user(new_context, username: str) -> Page:
    page = new_context().new_page()
    sign_in(page, username)
    return page


def test_every_dashboard_is_accessible(new_context, followup_site):
    hr = as_user(new_context, "hr")
    visit(hr, "/dashboard/")
    expect(hr.get_by_role("heading", level=1)).to_have_text("Opvolging in de organisatie")
    chart = hr.get_by_role("img", name="Gesprek gehad binnen de termijn, per afdeling")
    expect(chart).to_have_count(1)
    expect(hr.locator("#chart-coverage-desc")).to_contain_text("Productie")
    visit(hr, "/dashboard/me/")

    manager = as_user(new_context, "manager")
    visit(manager, "/dashboard/")
    expect(manager.get_by_role("heading", level=1)).to_have_text("Mijn team")
    manager.get_by_role("link", name="Gesprek nodig").click()
    assert_accessible(manager)
    manager.get_by_role("link", name="Gesprek plannen").nth(1).click()
    expect(manager.get_by_role("heading", level=1)).to_be_visible()
    assert "employee=" in manager.url

    employee = as_user(new_context, "medewerker")
    visit(employee, "/dashboard/")
    expect(employee.get_by_role("heading", level=1)).to_have_text("Mijn koers")


def test_progress_note_course_question_and_notifications(new_context, followup_site):
    from koers.followup import actions
    from koers.organisations.actors import actor_for
    from koers.organisations.models import Employee
    from koers.plans import actions as plans
    from koers.plans.models import Activity, ActivityStatus

    kees = Employee.objects.get(personnel_number="D-medewerker")
    course = Activity.objects.get(point__plan__employee=kees, description="Heftruckcertificaat")
    plans.change_activity_status(
        actor_for(kees.team.managers.first()), course, ActivityStatus.STARTED
    )
    actions.set_channel(actor_for(kees), "in_app")

    employee = as_user(new_context, "medewerker")
    visit(employee, f"/plans/{course.point.plan_id}/progress/")
    employee.get_by_label("Waarover gaat het?").select_option(label="Heftruckcertificaat")
    employee.get_by_label("Soort notitie").select_option(label="toepassing in de praktijk")
    employee.get_by_role("textbox", name="Notitie").fill("Ik rijd nu al op het terrein.")
    employee.get_by_role("button", name="Opslaan").click()
    expect(employee.get_by_role("status")).to_contain_text("Uw notitie is opgeslagen")
    expect(employee.get_by_text("Ik rijd nu al op het terrein.")).to_be_visible()
    assert_accessible(employee)

    visit(employee, f"/followup/activities/{course.pk}/course-check/")
    employee.get_by_role("button", name="Nog niet").click()
    # The answer in the timeline (the plan also offers the one-click answer again, issue 11).
    expect(employee.locator(".timeline .answer", has_text="Nog niet")).to_be_visible()
    assert_accessible(employee)
    # On the plan itself: "Ja, ik ben begonnen" for the course, in one click.
    question = employee.get_by_role("group", name=re.compile("Heftruckcertificaat"))
    question.get_by_role("button", name="Ja, ik ben begonnen").click()
    expect(employee.locator(".timeline .answer", has_text="Ja, ik ben begonnen")).to_be_visible()
    course.refresh_from_db()
    assert course.status == ActivityStatus.STARTED

    manager = as_user(new_context, "manager")
    expect(manager.get_by_role("link", name="Meldingen (")).to_be_visible()
    manager.get_by_role("link", name="Meldingen (").click()
    assert_accessible(manager)
    expect(manager.get_by_text("Kees Bakker over Heftruckcertificaat: Nog niet.")).to_be_visible()
    manager.get_by_role("button", name="Alles gelezen").click()
    expect(manager.get_by_role("link", name="Meldingen", exact=True)).to_be_visible()
    visit(manager, "/notifications/settings/")
