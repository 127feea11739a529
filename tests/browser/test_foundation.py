"""The foundation as people use it: sign in, the people list, a person, settings, profile.

Every page visited goes through axe-core (``assert_accessible``).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from koers.testing_browser import assert_accessible, sign_in

pytestmark = pytest.mark.browser

DEMO_PEOPLE_IN_SERVICE = 120  # Demo Werkbedrijf; Tweede Organisatie has 20 more.


def results(page: Page):
    return page.locator("#people-results")


def search_box(page: Page):
    return page.get_by_label(re.compile(r"^Zoeken"))


def test_anonymous_visitor_lands_on_the_login_page(page: Page, demo_site):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen bij Koers")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    assert_accessible(page)


def test_wrong_password_shows_a_dutch_error(page: Page, demo_site):
    page.goto("/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill("hr")
    page.get_by_label("Wachtwoord", exact=True).fill("niet-goed")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert")).to_contain_text("Gebruikersnaam of wachtwoord klopt niet")
    expect(page.get_by_role("alert")).to_be_focused()
    expect(page.get_by_label("Gebruikersnaam")).to_have_value("hr")
    assert_accessible(page)


def test_hr_signs_in_with_the_keyboard_only(page: Page, demo_site):
    page.goto("/accounts/login/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Naar de inhoud")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    page.keyboard.press("Tab")
    expect(page.get_by_label("Gebruikersnaam")).to_be_focused()
    # The focused field shows a visible focus ring.
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")
    page.keyboard.type("hr")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Wachtwoord", exact=True)).to_be_focused()
    page.keyboard.type("koers-demo")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Fatima")
    assert_accessible(page)


@pytest.mark.parametrize(
    ("username", "menu", "not_in_menu", "sections"),
    [
        ("medewerker", [], ["Mensen", "Organisatie"], ["Waarom ontwikkelgesprekken?"]),
        ("manager", [], ["Mensen", "Organisatie"], ["Mijn team"]),
        ("hr", ["Mensen"], ["Organisatie"], ["Mensen"]),
        ("admin", ["Mensen", "Organisatie"], [], ["Mensen"]),
    ],
)
def test_each_role_gets_its_own_start_page(
    page: Page, demo_site, username, menu, not_in_menu, sections
):
    sign_in(page, username)
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    for label in menu:
        expect(nav.get_by_role("link", name=label, exact=True)).to_be_visible()
    for label in not_in_menu:
        expect(nav.get_by_role("link", name=label, exact=True)).to_have_count(0)
    for heading in sections:
        expect(page.get_by_role("main").get_by_role("heading", name=heading)).to_be_visible()
    if username == "medewerker":
        expect(page.get_by_role("heading", name="Mijn team")).to_have_count(0)
    assert_accessible(page)


def test_hr_searches_people_by_typing_without_a_page_reload(page: Page, demo_site):
    sign_in(page, "hr")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mensen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mensen")
    expect(results(page)).to_contain_text(f"{DEMO_PEOPLE_IN_SERVICE} personen gevonden")
    assert_accessible(page)

    page.evaluate("window.koersSamePage = true")
    search_box(page).press_sequentially("Kees")
    expect(results(page)).to_contain_text("1 persoon gevonden")
    expect(results(page).get_by_role("link", name="Bakker, Kees")).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]q=Kees"))
    assert page.evaluate("window.koersSamePage") is True, "the page was reloaded"
    assert_accessible(page)

    search_box(page).fill("Heftruck")
    expect(results(page)).not_to_contain_text("1 persoon gevonden")
    expect(results(page).get_by_role("link", name="Bakker, Kees")).to_have_count(0)
    assert page.evaluate("window.koersSamePage") is True


def test_hr_sees_only_the_people_of_their_own_organisation(page: Page, demo_site):
    sign_in(page, "hr")
    page.goto("/people/?status=all")
    expect(results(page)).to_contain_text(f"{DEMO_PEOPLE_IN_SERVICE} personen gevonden")
    # T001 is a personnel number of Tweede Organisatie only.
    page.goto("/people/?q=T001&status=all")
    expect(results(page)).to_contain_text("Niemand gevonden")
    assert_accessible(page)


def test_hr_filters_people_by_team(page: Page, demo_site):
    sign_in(page, "hr")
    page.goto("/people/")
    page.get_by_label("Team").select_option(label="Productie – Assemblage")
    expect(results(page)).to_contain_text("12 personen gevonden")
    expect(page).to_have_url(re.compile(r"[?&]team=\d+"))
    expect(results(page).get_by_role("link", name="Bakker, Kees")).to_be_visible()
    assert_accessible(page)


def test_hr_pages_through_the_people_list(page: Page, demo_site):
    sign_in(page, "hr")
    page.goto("/people/")
    pages = page.get_by_role("navigation", name="Paginering")
    expect(pages).to_contain_text("Pagina 1 van 5")
    first_row = results(page).get_by_role("table").get_by_role("link").first
    first_name_on_page_1 = first_row.text_content()
    pages.get_by_role("link", name="Volgende").click()
    expect(pages).to_contain_text("Pagina 2 van 5")
    expect(page).to_have_url(re.compile(r"[?&]page=2"))
    expect(first_row).not_to_have_text(first_name_on_page_1)
    assert_accessible(page)


def test_search_works_without_javascript(new_context, demo_site):
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, "hr")
    page.goto("/people/")
    search_box(page).fill("Kees")
    page.get_by_role("button", name="Zoeken").click()
    expect(page).to_have_url(re.compile(r"[?&]q=Kees"))
    expect(results(page)).to_contain_text("1 persoon gevonden")
    expect(results(page).get_by_role("link", name="Bakker, Kees")).to_be_visible()
    # No axe here: it runs as JavaScript. The same page is checked in the tests above.


def test_hr_adds_a_person_after_fixing_the_errors(page: Page, demo_site):
    sign_in(page, "hr")
    page.goto("/people/")
    page.get_by_role("link", name="Medewerker toevoegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Medewerker toevoegen")
    assert_accessible(page)

    page.get_by_role("button", name="Opslaan").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Er ging iets mis")
    expect(summary).to_contain_text("Dit veld is verplicht.")
    expect(summary).to_be_focused()  # read out first, without JavaScript
    expect(page.get_by_label("Voornaam")).to_have_attribute("aria-invalid", "true")
    expect(summary.get_by_role("link", name=re.compile("^Voornaam"))).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Personeelsnummer").fill("2001")
    page.get_by_label("Voornaam").fill("Aylin")
    page.get_by_label("Achternaam").fill("Demir")
    page.get_by_label("Team").select_option(label="Productie – Assemblage")
    page.get_by_role("button", name="Opslaan").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Aylin Demir")
    expect(page.get_by_role("status")).to_contain_text("Aylin Demir is toegevoegd.")
    assert_accessible(page)

    page.get_by_role("link", name="Wijzigen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aylin Demir wijzigen")
    expect(page.get_by_label("Personeelsnummer")).to_have_value("2001")
    assert_accessible(page)


def test_hr_marks_someone_as_left_service_and_undoes_it(page: Page, demo_site):
    sign_in(page, "hr")
    page.goto("/people/?q=Kees")
    results(page).get_by_role("link", name="Bakker, Kees").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kees Bakker")
    assert_accessible(page)

    page.get_by_role("link", name="Uit dienst melden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kees Bakker uit dienst melden")
    assert_accessible(page)
    page.get_by_role("button", name="Ja, meld uit dienst").click()

    expect(page.get_by_role("status")).to_contain_text("Kees Bakker staat nu als uit dienst")
    expect(page.get_by_text(re.compile(r"^Uit dienst per"))).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Toch in dienst (ongedaan maken)").click()
    expect(page.get_by_role("status")).to_contain_text("Kees Bakker is weer in dienst.")
    expect(page.get_by_role("link", name="Uit dienst melden")).to_be_visible()


def test_medewerker_gets_no_people_list(page: Page, demo_site):
    sign_in(page, "medewerker")
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    expect(menu.get_by_role("link", name="Start")).to_be_visible()
    expect(menu.get_by_role("link", name="Mensen", exact=True)).to_have_count(0)
    response = page.goto("/people/")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Geen toegang")
    assert_accessible(page)


def test_admin_changes_the_organisation_settings(page: Page, demo_site):
    sign_in(page, "admin")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Organisatie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Instellingen van Demo Werkbedrijf")
    assert_accessible(page)

    interval = page.get_by_label("Gesprek elke (maanden)")
    interval.fill("0")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".error-summary")).to_contain_text("Gesprek elke (maanden)")
    assert_accessible(page)

    page.get_by_label("Gesprek elke (maanden)").fill("6")
    page.get_by_text("Geslacht bewaren").click()  # the label toggles its checkbox
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("De instellingen zijn opgeslagen.")
    expect(page.get_by_label("Gesprek elke (maanden)")).to_have_value("6")
    expect(page.get_by_label("Geslacht bewaren")).to_be_checked()


def test_profile_language_switch_to_english(page: Page, demo_site):
    sign_in(page, "medewerker")
    page.get_by_role("link", name="Mijn profiel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn profiel")
    assert_accessible(page)

    page.get_by_role("link", name="Wachtwoord wijzigen").click()
    expect(page.get_by_label("Oud wachtwoord")).to_be_visible()
    assert_accessible(page)

    page.goto("/accounts/profile/")
    page.get_by_label("Engels").check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("My profile")
    expect(page.get_by_role("navigation", name="Main menu")).to_be_visible()
    assert_accessible(page)
    page.goto("/accounts/password/change/")
    expect(page.get_by_label("Old password")).to_be_visible()


def test_password_reset_by_email(page: Page, demo_site, mailoutbox):
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Wachtwoord vergeten?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wachtwoord vergeten")
    assert_accessible(page)

    page.get_by_label("E-mailadres").fill("medewerker@demo.koers.test")
    page.get_by_role("button", name="Stuur de e-mail").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kijk in uw e-mail")
    assert_accessible(page)

    assert len(mailoutbox) == 1
    link = re.search(r"https?://\S+/accounts/password/reset/\S+/", mailoutbox[0].body)
    assert link, mailoutbox[0].body
    page.goto(link.group(0))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kies een nieuw wachtwoord")
    page.get_by_label(re.compile(r"^Nieuw wachtwoord:?$")).fill("zonnige-dinsdag-42")
    page.get_by_label(re.compile(r"^Nieuw wachtwoord bevestigen")).fill("iets-anders-42")
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)

    page.get_by_label(re.compile(r"^Nieuw wachtwoord:?$")).fill("zonnige-dinsdag-42")
    page.get_by_label(re.compile(r"^Nieuw wachtwoord bevestigen")).fill("zonnige-dinsdag-42")
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw nieuwe wachtwoord is opgeslagen")
    assert_accessible(page)

    page.goto(link.group(0))
    expect(page.get_by_text("Deze link werkt niet meer")).to_be_visible()
    assert_accessible(page)

    sign_in(page, "medewerker", password="zonnige-dinsdag-42")


def test_unknown_page_shows_the_404_page(page: Page, demo_site):
    sign_in(page, "hr")
    response = page.goto("/people/999999/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Niet gevonden")
    assert_accessible(page)
    page.get_by_role("link", name="Naar de startpagina").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")
