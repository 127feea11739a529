"""Issue 11 item 4 in the browser, on a phone (360 px): the employee finds the rating screen on
their dashboard, answers with a pictogram by keyboard and by tap, and the manager can only
read the answer. axe-core on every page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from koers.conversations.actions import talk as talk_actions
from koers.conversations.models import TalkRating
from koers.organisations.actors import actor_for
from koers.testing import talk_with_kees
from koers.testing_browser import assert_accessible, sign_in

PHONE = {"width": 360, "height": 740}

pytestmark = [pytest.mark.browser, pytest.mark.browser_context_args(viewport=PHONE)]


def assert_fits_the_phone(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways: {width}px wide"


def test_employee_rates_the_talk_and_the_manager_reads_it(page: Page, demo_site, browser):
    talk = talk_with_kees(days_ahead=2)
    talk_actions.finish_talk(actor_for(talk.manager), talk, held_earlier=True)

    sign_in(page, "medewerker")
    page.goto("/dashboard/me/")
    page.get_by_role("link", name="Zeg wat u vond van het").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wat vond u van het gesprek?")
    assert_fits_the_phone(page)
    assert_accessible(page)

    # Six big choices, each with its text for screen readers.
    choices = page.locator(".rating-choice")
    expect(choices).to_have_count(6)
    for choice in choices.all():
        box = choice.bounding_box()
        assert box is not None and box["height"] >= 44 and box["width"] >= 44, box
    # By keyboard: the arrow keys move through the marks of one radio group.
    page.get_by_label("Niet zo goed").focus()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_label("Gaat wel")).to_be_checked()
    # By tap: on the pictogram's label.
    page.locator("label.rating-choice", has_text="Heel goed").click()
    expect(page.get_by_label("Heel goed")).to_be_checked()
    page.get_by_label("Wilt u er iets over zeggen?").fill("Fijn dat er tijd voor was.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Dank u wel. Uw antwoord is opgeslagen.")).to_be_visible()
    expect(page.get_by_text("5 van 5")).to_be_visible()
    assert_fits_the_phone(page)
    assert_accessible(page)
    rating = TalkRating.objects.get(conversation=talk)
    assert (rating.score, rating.comment, rating.given_by) == (
        5,
        "Fijn dat er tijd voor was.",
        "employee",
    )

    # The manager reads it on the talk page and cannot type it in the Afsluiting.
    context = browser.new_context(base_url=demo_site, locale="nl-NL", viewport=PHONE)
    manager = context.new_page()
    sign_in(manager, "manager")
    manager.goto(f"/conversations/{talk.pk}/")
    expect(manager.get_by_text("Fijn dat er tijd voor was.")).to_be_visible()
    expect(manager.get_by_role("link", name="Zeg wat u ervan vond")).to_have_count(0)
    assert_accessible(manager)
    manager.goto(f"/conversations/{talk.pk}/talk/closing/")
    expect(manager.locator('[name="employee_score"]')).to_have_count(0)
    response = manager.goto(f"/conversations/{talk.pk}/rating/")
    assert response is not None and response.status == 404
    context.close()


def test_employee_says_liever_niet(page: Page, demo_site):
    talk = talk_with_kees(days_ahead=2)
    talk_actions.finish_talk(actor_for(talk.manager), talk, held_earlier=True)
    sign_in(page, "medewerker")
    page.goto(f"/conversations/{talk.pk}/")
    page.get_by_role("link", name="Zeg wat u ervan vond").click()
    page.get_by_role("button", name="Opslaan").click()  # nothing chosen: asked again
    expect(page.get_by_text("Kies een gezichtje, of 'Liever niet'.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Liever niet").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Liever niet gezegd.")).to_be_visible()
    assert_accessible(page)
    rating = TalkRating.objects.get(conversation=talk)
    assert (rating.score, rating.declined) == (None, True)
