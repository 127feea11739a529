"""The POP as people make it: HR adds a course, the manager writes the plan, both sign, a
change makes version 2, version 1 stays downloadable. axe-core on every screen."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from koers.testing import talk_with_kees
from koers.testing_browser import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def visit(page: Page, url: str) -> None:
    page.goto(url)
    assert_accessible(page)


def as_user(new_context, username: str) -> Page:
    page = new_context().new_page()
    sign_in(page, username)
    return page


def test_plan_from_catalogue_to_signed_versions(new_context, demo_site):
    # HR keeps the catalogue.
    hr = as_user(new_context, "hr")
    visit(hr, "/catalogue/")
    hr.get_by_role("link", name="Cursus toevoegen").click()
    assert_accessible(hr)
    hr.get_by_label("Naam").fill("Basis solderen")
    hr.get_by_label("Instituut").fill("ROC Rijn IJssel")
    hr.get_by_label("Cursusnummer").fill("SOL-12")
    hr.get_by_label("Kosten (euro)").fill("320.00")
    hr.get_by_role("button", name="Opslaan").click()
    expect(hr.get_by_role("status")).to_contain_text("Basis solderen is opgeslagen")
    assert_accessible(hr)

    # From the held conversation, the manager makes Kees's plan.
    talk = talk_with_kees(days_ahead=-7, status="held").pk
    manager = as_user(new_context, "manager")
    visit(manager, f"/conversations/{talk}/")
    manager.get_by_role("link", name="POP maken").click()
    expect(manager.get_by_role("heading", level=1)).to_have_text("Nieuw POP maken")
    assert_accessible(manager)
    expect(manager.get_by_label("Medewerker")).to_have_value(re.compile(r"\d+"))
    manager.get_by_role("button", name="Opslaan").click()
    expect(manager.get_by_role("heading", level=1)).to_have_text("POP van Kees Bakker")
    assert_accessible(manager)
    plan_url = manager.url
    # The conversation now leads to its plan, and starting again opens the same plan.
    manager.goto(f"/conversations/{talk}/")
    expect(manager.get_by_role("link", name="POP bekijken")).to_have_attribute(
        "href", re.compile(re.escape(plan_url.split("://", 1)[1].split("/", 1)[1]) + "$")
    )
    manager.goto(plan_url)

    manager.get_by_role("link", name="Aandachtspunt toevoegen: Functie/taakgericht").click()
    assert_accessible(manager)
    manager.get_by_label("Aandachtspunt", exact=False).first.fill("Solderen van printplaten")
    manager.get_by_label("Wat wilt u bereiken?").fill("Ik kan zelf printplaten solderen.")
    manager.get_by_label("Hoe weten we dat het gelukt is?").fill("Tien goede printplaten.")
    manager.get_by_label("Hoe pakt u het aan?").fill("Meelopen en een cursus.")
    manager.get_by_label("Wat doet de medewerker?").fill("Ik loop mee en volg de cursus.")
    manager.get_by_label("Wat doet de werkgever?").fill("Sanne regelt en betaalt.")
    manager.get_by_label("Welke steun of welk budget is nodig?").fill("Cursusgeld.")
    manager.get_by_label("Klaar op").fill("2030-06-30")
    manager.get_by_label("Hoe volgen we de voortgang?").fill("Elke maand kort bespreken.")
    manager.get_by_role("button", name="Opslaan").click()
    expect(manager.get_by_role("status")).to_contain_text("Deze afspraak is SMART")
    assert_accessible(manager)

    # A course from the catalogue: picking it fills the activity.
    manager.get_by_role("link", name=re.compile("^Activiteit toevoegen")).click()
    assert_accessible(manager)
    # The option says what the course costs (and its subsidy note, when it has one).
    manager.get_by_label("Cursus uit de catalogus").select_option(
        label="Basis solderen (ROC Rijn IJssel) · € 320,00"
    )
    expect(manager.get_by_label("Kosten (euro)")).to_have_value("320.00")
    manager.get_by_role("button", name="Opslaan").click()
    # And a meelopen activity.
    manager.get_by_role("link", name=re.compile("^Activiteit toevoegen")).click()
    manager.get_by_label("Soort activiteit").select_option(label="meelopen")
    manager.get_by_label("Wat (cursusnaam, bij wie)").fill("Twee ochtenden meelopen")
    manager.get_by_label("Kosten (euro)").fill("0")
    manager.get_by_role("button", name="Opslaan").click()
    expect(manager.get_by_role("cell", name=re.compile("Meelopen: Twee ochtenden"))).to_be_visible()
    expect(manager.locator(".grand-total")).to_contain_text("€ 320,00")
    assert_accessible(manager)
    manager.get_by_role("button", name="Klaarzetten om te tekenen").click()
    expect(manager.get_by_role("status")).to_contain_text("Versie 1 staat klaar")

    # Kees signs first.
    kees = as_user(new_context, "medewerker")
    visit(kees, "/plans/")
    kees.goto(plan_url)
    assert_accessible(kees)
    kees.get_by_role("link", name="Lezen en tekenen").click()
    assert_accessible(kees)
    kees.get_by_label("Akkoord: ik ben het eens met dit plan").check()
    kees.get_by_role("button", name="Bevestigen").click()
    expect(kees.get_by_role("status")).to_contain_text("Uw keuze is vastgelegd")

    # Then the manager.
    manager.goto(plan_url)
    manager.get_by_role("link", name="Lezen en tekenen").click()
    assert_accessible(manager)
    manager.get_by_label("Ik teken dit plan").check()
    manager.get_by_role("button", name="Bevestigen").click()
    expect(manager.locator(".status-box")).to_contain_text("door allebei getekend")

    # A change after signing makes version 2, a draft.
    manager.get_by_role("link", name=re.compile("^Punt wijzigen")).click()
    manager.get_by_label("Aandachtspunt", exact=False).first.fill("Solderen met de nieuwe bout")
    manager.get_by_role("button", name="Opslaan").click()
    expect(manager.locator(".status-box")).to_contain_text("Versie 2 is nog een concept")

    # Version 1 stays downloadable, as signed.
    kees.goto(plan_url)
    kees.get_by_role("link", name="Versies").click()
    assert_accessible(kees)
    expect(kees.get_by_role("cell", name=re.compile("^ongewijzigd"))).to_be_visible()
    with kees.expect_download() as download:
        kees.get_by_role("link", name="Versie 1 (pdf)").click()
    path = download.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert download.value.suggested_filename.endswith("-v1.pdf")

    # Kees sees who read and changed his file.
    visit(kees, "/dossier/log/")
    today = kees.locator(".log-day").first
    expect(today.get_by_text("Sanne de Vries").first).to_be_visible()
    expect(today.get_by_text("(uw leidinggevende)").first).to_be_visible()

    # HR: the plans, the budget.
    visit(hr, "/plans/")
    expect(hr.get_by_role("link", name="Bakker, Kees")).to_be_visible()
    visit(hr, "/plans/budget/")


def test_demo_plans_read_well_for_everyone(new_context, demo_site):
    from koers.organisations.models import Organisation
    from koers.plans.demo import extend_demo
    from koers.plans.models import DevelopmentPlan

    extend_demo(Organisation.objects.get(slug="demo-werkbedrijf"))
    plan = DevelopmentPlan.objects.get(employee__personnel_number="D-medewerker")
    url = f"/plans/{plan.pk}/"

    kees = as_user(new_context, "medewerker")
    visit(kees, url)
    expect(kees.get_by_role("heading", level=1)).to_have_text("Mijn persoonlijk ontwikkelingsplan")
    expect(kees.get_by_text("Wat doet mijn werkgever?").first).to_be_visible()
    expect(kees.locator("#progress-heading + ul")).to_contain_text("Twee ochtenden meelopen")

    manager = as_user(new_context, "manager")
    visit(manager, url)
    # Progress without a new signature.
    manager.get_by_role("button", name=re.compile(r"^Bezig \(Basis solderen\)")).click()
    expect(manager.get_by_role("status")).to_contain_text("Basis solderen: bezig")
    expect(manager.locator(".status-box")).to_contain_text("door allebei getekend")
    assert_accessible(manager)
    visit(manager, "/plans/")

    hr = as_user(new_context, "hr")
    visit(hr, "/plans/?signed=yes")
    visit(hr, "/catalogue/")
    visit(hr, f"/plans/{plan.pk}/versions/")
