"""No lost updates in the browser: two windows on the same talk notes, both type; the second
autosave is refused, shows both texts in the saved-status line and keeps what was typed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from koers.conversations.models import TalkNotes
from koers.testing import talk_with_kees
from koers.testing_browser import assert_accessible, sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
STALE = "Iemand anders heeft dit intussen gewijzigd."


def _autosave(response) -> bool:
    return response.request.method == "POST" and "/talk/planning/" in response.url


def test_a_stale_autosave_shows_the_conflict_and_keeps_the_text(page: Page, demo_site, new_context):
    talk = talk_with_kees()
    url = f"/conversations/{talk.pk}/talk/planning/"
    phone = new_context(viewport=PHONE).new_page()
    for window in (page, phone):
        sign_in(window, "manager")
        window.goto(url)

    with page.expect_response(_autosave) as first:
        page.get_by_label("Belemmeringen").fill("Drukte in het najaar.")
    assert first.value.status == 200
    expect(page.locator("#talk-saved")).to_contain_text(re.compile("Opgeslagen om"))

    phone.get_by_label("Belemmeringen").fill("Te weinig tijd voor de cursus.")
    status = phone.locator("#talk-saved")
    expect(status).to_contain_text(STALE)
    expect(status).to_contain_text("Drukte in het najaar.")  # what is stored now
    expect(status).to_contain_text("Te weinig tijd voor de cursus.")  # what was typed
    expect(phone.get_by_label("Belemmeringen")).to_have_value("Te weinig tijd voor de cursus.")
    assert TalkNotes.objects.get(conversation=talk).obstacles == "Drukte in het najaar."
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the conflict scrolls sideways: {width}px"
    assert_accessible(phone)

    # The first window goes on saving: its token was swapped in with each answer.
    with page.expect_response(_autosave) as second:
        page.get_by_label("Blinde vlekken").fill("Uitleg aan anderen.")
    assert second.value.status == 200

    # The phone's "Mijn versie opslaan" carries the token of the conflict; the first window
    # has saved again since, so this is refused as well (its whole form is older).
    phone.get_by_role("button", name="Mijn versie opslaan").click()
    expect(phone.get_by_role("heading", name=STALE.rstrip("."))).to_be_visible()
    assert TalkNotes.objects.get(conversation=talk).blind_spots == "Uitleg aan anderen."
    # Now it has seen everything: keeping its version goes through.
    phone.get_by_role("button", name="Mijn versie opslaan").first.click()
    expect(phone.get_by_text("Uw aantekeningen zijn opgeslagen.")).to_be_visible()
    expect(phone.get_by_label("Belemmeringen")).to_have_value("Te weinig tijd voor de cursus.")
    assert TalkNotes.objects.get(conversation=talk).obstacles == "Te weinig tijd voor de cursus."


def test_the_conflict_page_without_javascript(page: Page, demo_site, new_context):
    """A stale save of the whole form: the page shows both texts side by side; axe on it."""
    talk = talk_with_kees()
    url = f"/conversations/{talk.pk}/talk/opening/"
    sign_in(page, "manager")
    page.goto(url)
    other = new_context(java_script_enabled=False).new_page()
    sign_in(other, "manager")
    other.goto(url)
    page.get_by_label("Aantekeningen bij de opening").fill("Eerst hier.")
    expect(page.locator("#talk-saved")).to_contain_text(re.compile("Opgeslagen om"))

    other.get_by_label("Aantekeningen bij de opening").fill("Dan daar.")
    other.get_by_role("button", name="Opslaan", exact=True).click()
    conflict = other.get_by_role("alert").filter(has_text="Iemand anders heeft dit")
    expect(conflict).to_contain_text("Eerst hier.")
    expect(conflict).to_contain_text("Dan daar.")
    expect(other.get_by_label("Aantekeningen bij de opening")).to_have_value("Dan daar.")
    # Axe needs JavaScript: the same page, loaded with the same stale post in this window.
    page.goto(url)
    page.evaluate(
        """() => {
            const form = document.querySelector("form.talk-form");
            form.querySelector("[name=revision]").value = "1";
            form.querySelector("textarea").value = "Dan daar.";
            form.removeAttribute("hx-post");
            HTMLFormElement.prototype.submit.call(form);
        }"""
    )
    expect(
        page.get_by_role("heading", name="Iemand anders heeft dit intussen gewijzigd")
    ).to_be_visible()
    assert_accessible(page)
    other.get_by_role("link", name="De opgeslagen versie nemen").click()
    expect(other.get_by_label("Aantekeningen bij de opening")).to_have_value("Eerst hier.")
