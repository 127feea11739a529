"""Plan, invite and prepare as people do it in the browser; axe-core on every page."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from koers.testing_browser import assert_accessible, sign_in

pytestmark = pytest.mark.browser

ANSWER = "Ik wil beter worden in het lezen van tekeningen."


def test_manager_plans_employee_prepares_and_shares(page: Page, demo_site, browser):
    # The manager plans a talk with Kees one week ahead: a warning, then a confirmation.
    sign_in(page, "manager")
    page.goto("/conversations/")
    assert_accessible(page)
    page.get_by_role("link", name="Gesprek plannen").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gesprek plannen")
    assert_accessible(page)
    page.get_by_label("Met wie").select_option(label="Kees Bakker (Assemblage)")
    day = timezone.localdate() + datetime.timedelta(days=7)
    page.get_by_label("Datum").fill(day.isoformat())
    page.get_by_label("Begintijd").fill("10:00")
    page.get_by_label("Plaats").fill("Spreekkamer 2")
    page.get_by_role("button", name="Plannen en uitnodigen").click()
    expect(page.get_by_role("heading", name="Minder dan twee weken vooruit")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Ik plan dit gesprek bewust binnen twee weken").check()
    page.get_by_role("button", name="Plannen en uitnodigen").click()
    expect(page.get_by_text("Het gesprek is gepland.")).to_be_visible()
    expect(page.get_by_text("geen functioneringsgesprek")).to_be_visible()
    assert_accessible(page)
    detail_url = page.url

    # Kees prepares on his own device: htmx saves the answer as he types.
    context = browser.new_context(base_url=demo_site, locale="nl-NL")
    employee = context.new_page()
    sign_in(employee, "medewerker")
    employee.goto("/conversations/")
    employee.get_by_role("link", name="Mijn voorbereiding").click()
    assert_accessible(employee)
    box = employee.get_by_label("Hoe zie ik mijn huidige functie?")
    box.fill(ANSWER)
    expect(employee.get_by_text(re.compile("Opgeslagen om"))).to_be_visible()
    employee.reload()
    expect(employee.get_by_label("Hoe zie ik mijn huidige functie?")).to_have_value(ANSWER)

    # Before sharing the manager cannot read it.
    page.goto(detail_url.rstrip("/") + "/prepare/")
    expect(
        page.get_by_text("De medewerker heeft de voorbereiding nog niet gedeeld.")
    ).to_be_visible()
    expect(page.get_by_text(ANSWER)).to_have_count(0)
    assert_accessible(page)

    employee.get_by_role("button", name="Deel met mijn leidinggevende").click()
    expect(
        employee.get_by_text("Uw voorbereiding is gedeeld met uw leidinggevende.")
    ).to_be_visible()
    assert_accessible(employee)
    context.close()

    page.reload()
    expect(page.get_by_text(ANSWER)).to_be_visible()


def test_a_lost_connection_is_shown_and_the_text_stays(page: Page, demo_site):
    from koers.conversations import services
    from koers.organisations.models import Employee

    kees = Employee.objects.get(personnel_number="D-medewerker")
    talk = services.plan_conversation(
        manager=kees.team.managers.get(),
        employee=kees,
        conversation_type=services.ensure_default_templates(kees.organisation)[0],
        starts_at=timezone.now() + datetime.timedelta(days=20),
        duration_minutes=60,
        place="Kantine",
        base_url=demo_site,
        send_email=False,
    )
    sign_in(page, "medewerker")
    page.goto(f"/conversations/{talk.pk}/prepare/")
    page.route("**/answers/**", lambda route: route.abort())
    box = page.get_by_label("Hoe wil ik dat mijn loopbaan er in de toekomst uitziet?")
    box.fill("Voorman worden.")
    expect(page.get_by_text(re.compile("Niet opgeslagen"))).to_be_visible()
    expect(box).to_have_value("Voorman worden.")
    assert_accessible(page)

    # The plain Save button still works.
    page.unroute("**/answers/**")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Uw antwoorden zijn opgeslagen.")).to_be_visible()
    expect(
        page.get_by_label("Hoe wil ik dat mijn loopbaan er in de toekomst uitziet?")
    ).to_have_value("Voorman worden.")


def test_hr_adds_a_question_to_a_template(page: Page, demo_site):
    sign_in(page, "hr")
    page.get_by_role("link", name="Sjablonen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sjablonen voor gesprekken")
    assert_accessible(page)
    page.get_by_role("link", name="Aanpassen Loopbaangesprek").click()
    assert_accessible(page)
    box = page.get_by_label("Voorbereiding medewerker")
    box.fill(box.input_value() + "\nWat wil ik leren over thuiswerken?")
    page.get_by_label("Wat verandert er?").fill("Vraag over thuiswerken")
    page.get_by_role("button", name="Opslaan als nieuwe versie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Loopbaangesprek, versie 2")
    expect(page.get_by_text("Wat wil ik leren over thuiswerken?")).to_be_visible()
    assert_accessible(page)
