"""On a small phone (360 × 740): no sideways scrolling, and the whole menu can be used."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from koers.testing_browser import assert_accessible, sign_in

PHONE = {"width": 360, "height": 740}

pytestmark = [pytest.mark.browser, pytest.mark.browser_context_args(viewport=PHONE)]


def assert_fits_the_phone(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways: {width}px wide"


def assert_menu_is_usable(page: Page) -> None:
    """Every menu entry is on screen (no horizontal overflow) and big enough to tap."""
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    entries = menu.locator("a, button")
    assert entries.count() >= 3
    for entry in entries.all():
        expect(entry).to_be_visible()
        box = entry.bounding_box()
        assert box is not None
        name = entry.text_content().strip()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], f"{name} is off screen"
        assert box["height"] >= 24 and box["width"] >= 24, f"{name} is too small to tap: {box}"


def test_login_page_fits_a_phone(page: Page, demo_site):
    page.goto("/accounts/login/")
    assert_fits_the_phone(page)
    assert_accessible(page)


def test_signed_in_pages_fit_a_phone(page: Page, demo_site):
    # The admin has the longest menu.
    sign_in(page, "admin")
    assert_fits_the_phone(page)
    assert_menu_is_usable(page)
    assert_accessible(page)

    page.goto("/people/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mensen")
    assert_fits_the_phone(page)
    assert_menu_is_usable(page)
    assert_accessible(page)

    page.get_by_role("table").get_by_role("link").first.click()
    expect(page.get_by_role("heading", name="Werk")).to_be_visible()
    assert_fits_the_phone(page)
    assert_accessible(page)

    page.goto("/people/new/")
    assert_fits_the_phone(page)


def test_employee_start_page_fits_a_phone(page: Page, demo_site):
    sign_in(page, "medewerker")
    assert_fits_the_phone(page)
    assert_menu_is_usable(page)


def test_the_works_council_page_fits_a_phone(page: Page, demo_site):
    from koers.organisations.demo import DEMO_SLUG

    page.goto(f"/privacy/{DEMO_SLUG}/")
    assert_fits_the_phone(page)
    assert_accessible(page)
