"""In the browser: a signature entered from paper, and HR's view of the personnel file.
axe-core on every screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from koers.testing_browser import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def visit(page: Page, url: str) -> None:
    page.goto(url)
    assert_accessible(page)


def as_user(new_context, username: str) -> Page:
    page = new_context().new_page()
    sign_in(page, username)
    return page


def test_paper_signature_and_the_personnel_file(new_context, demo_site):
    """An employee signs the printed version on paper; the manager enters it. HR reads the
    signed version only."""
    from koers.organisations.models import Organisation
    from koers.plans.demo import extend_demo
    from koers.plans.models import DevelopmentPlan

    extend_demo(Organisation.objects.get(slug="demo-werkbedrijf"))
    waiting = DevelopmentPlan.objects.with_state().get(state="to_sign")
    manager = as_user(new_context, "manager")
    visit(manager, f"/plans/{waiting.pk}/")
    manager.get_by_role("link", name="Handtekening op papier invoeren").click()
    assert_accessible(manager)
    manager.get_by_label("Akkoord", exact=True).check()
    manager.get_by_role("button", name="Handtekening invoeren").click()
    expect(manager.get_by_text("De handtekening op papier is ingevoerd")).to_be_visible()
    expect(manager.locator(".status-box")).to_contain_text("ingevoerd door Sanne de Vries")
    assert_accessible(manager)

    hr = as_user(new_context, "hr")
    visit(hr, f"/plans/{waiting.pk}/")
    expect(hr.get_by_text("nog niet getekend", exact=True)).to_be_visible()
    newer = DevelopmentPlan.objects.with_state().get(state="draft", versions__number=2)
    visit(hr, f"/plans/{newer.pk}/")
    expect(hr.get_by_text("Er wordt een nieuwe versie voorbereid")).to_be_visible()
