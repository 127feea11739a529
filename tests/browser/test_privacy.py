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
