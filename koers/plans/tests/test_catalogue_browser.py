"""Issue 11 item 8 in the browser: the manager opens the catalogue from the menu, read-only,
on a phone; axe-core clean."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from koers.plans.demo import extend_demo
from koers.testing_browser import assert_accessible, sign_in

PHONE = {"width": 360, "height": 740}

pytestmark = [pytest.mark.browser, pytest.mark.browser_context_args(viewport=PHONE)]


def test_manager_reads_the_catalogue(page: Page, demo_site, demo):
    extend_demo(demo)
    sign_in(page, "manager")
    page.goto("/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Cursussen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cursussen")
    expect(page.get_by_text("Gratis via de gemeente.")).to_be_visible()
    expect(page.get_by_role("link", name="Cursus toevoegen")).to_have_count(0)
    expect(page.get_by_role("button", name="Uit de catalogus halen")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)
