"""The works-council page and the coming erasure, in a browser (issue 16)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from koers.organisations.demo import DEMO_SLUG
from koers.testing_browser import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_the_works_council_reads_the_page_without_signing_in(page: Page, demo_site):
    page.goto(f"/privacy/{DEMO_SLUG}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Wat Koers vastlegt")
    readers = page.get_by_role("table", name="Wie ziet welke gegevens")
    expect(readers.get_by_role("row", name="Ontwikkelplannen (POP)")).to_be_visible()
    expect(page.get_by_text("Subverwerkers: geen.")).to_be_visible()
    assert_accessible(page)


def test_hr_filters_the_files_that_go_soon(page: Page, demo_site):
    sign_in(page, "hr")
    page.goto("/people/")
    page.get_by_label("Status").select_option(label="Dossier binnenkort verwijderd")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_text("Niemand gevonden")).to_be_visible()
    assert_accessible(page)


def test_the_employee_downloads_everything_about_them(page: Page, demo_site):
    import io
    import json
    import zipfile
    from pathlib import Path

    from koers.organisations.models import Employee

    sign_in(page, "medewerker")
    page.goto("/accounts/profile/")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Alles over mij downloaden").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    names = archive.namelist()
    assert "overzicht.pdf" in names and "wie-keek.txt" in names
    data = json.loads(archive.read("gegevens.json"))
    kinds = {kind["kind"] for kind in data["kinds"] if kind["rows"]}
    assert {"organisations.Employee", "accounts.User"} <= kinds  # (the signed PDFs: test_export.py)
    assert data["access_log"]
    collega = Employee.objects.get(user__username="collega")
    assert f'"{collega.personnel_number}"' not in json.dumps(data)


def test_a_wrong_detail_goes_to_hr_and_the_answer_comes_back(page: Page, demo_site):
    """Klopt niet (AVG art. 16), with the keyboard where a person would type."""
    sign_in(page, "medewerker")
    page.goto("/accounts/profile/")
    page.get_by_role("link", name="Mijn gegevens: klopt er iets niet?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn gegevens")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^Klopt niet\W+functie$", re.I)).click()
    assert_accessible(page)
    page.get_by_role("button", name="Stuur naar HR").click()
    expect(page.get_by_text("Schrijf op wat het moet zijn.").first).to_be_visible()
    page.get_by_label("Wat moet het zijn?").fill("Monteur")
    page.get_by_role("button", name="Stuur naar HR").click()
    expect(page.get_by_text("Uw verzoek is naar HR gestuurd.")).to_be_visible()
    expect(page.get_by_text("HR kijkt ernaar")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, "hr")
    page.goto("/notifications/")
    page.get_by_role("link", name=re.compile(r"Bekijken\W+een gegeven klopt niet")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Correctieverzoeken")
    assert_accessible(page)
    page.get_by_role("link", name="Kees Bakker").click()
    expect(page.get_by_text("Monteur")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Ik heb het niet aangepast").check()
    page.get_by_label("Toelichting voor de medewerker").fill("Uw contract zegt inpakker.")
    page.get_by_role("button", name="Afhandelen en de medewerker laten weten").click()
    expect(page.get_by_text("Het verzoek is afgehandeld")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, "medewerker")
    page.goto("/dossier/data/")
    expect(page.get_by_text("Uw contract zegt inpakker.")).to_be_visible()


def test_the_employee_reads_who_looked_per_day(page: Page, demo_site):
    from koers.organisations.models import Employee

    kees = Employee.objects.get(user__username="medewerker")
    sign_in(page, "hr")
    page.goto(f"/people/{kees.pk}/")
    page.context.clear_cookies()
    sign_in(page, "medewerker")
    page.goto("/dossier/log/")
    page.get_by_role("link", name="Alleen wie keek").click()
    today = page.locator(".log-day").first
    expect(today.get_by_text("Fatima el Amrani")).to_be_visible()
    expect(today.get_by_text("heeft de persoonsgegevens bekeken")).to_be_visible()
    assert_accessible(page)
