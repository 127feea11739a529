"""The works-council page and the coming erasure, in a browser (issue 16)."""

from __future__ import annotations

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
