"""The gesprekskaart as a person uses it on a phone (360 × 740): fill the card theme by
theme, share two items, see exactly those on the teamkaart, unshare one; with the keyboard
only; and with JavaScript off. axe-core runs on every screen.

Self-contained: its own live-server site, phone context and axe helper.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PASSWORD = "koers-demo"
PHONE = {"width": 360, "height": 740}

# What Kees writes: (theme, kind) → (what, who helps, when); two of them he shares.
ANSWERS = {
    ("groei", "wish"): ("Ik wil leren solderen.", "", ""),
    ("groei", "agreement"): ("Ik loop twee ochtenden mee.", "Sanne", "In januari"),
    ("gezond", "wish"): ("Ik wil vaste pauzes.", "", ""),
    ("gezond", "agreement"): ("Ik krijg een tafel die omhoog kan.", "Sanne", "Voor de zomer"),
    ("plezier", "wish"): ("Ik werk graag samen met Noor.", "", ""),
    ("plezier", "agreement"): ("Ik help bij de kerstlunch.", "Noor", "December"),
}
SHARED = [("groei", "wish"), ("plezier", "wish")]


def check_axe(page: Page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    summary = [
        f"{v['id']} ({v['impact']}): {[' '.join(map(str, n['target'])) for n in v['nodes'][:5]]}"
        for v in violations
    ]
    assert not violations, f"axe-core on {page.url}:\n" + "\n".join(summary)


@pytest.fixture
def site(live_server: Any, transactional_db: None) -> str:
    """The demo organisations without demo cards, so that the teamkaart starts empty."""
    from koers.organisations.demo import build_demo

    build_demo(password=PASSWORD)
    return live_server.url


@pytest.fixture
def phone(browser: Any, site: str) -> Iterator[Page]:
    context = browser.new_context(base_url=site, viewport=PHONE, locale="nl-NL")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, errors


def sign_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")


def kees_id() -> int:
    from koers.organisations.models import Employee

    return Employee.objects.get(personnel_number="D-medewerker").pk


def assemblage_id() -> int:
    from koers.organisations.models import Team

    return Team.objects.get(name="Assemblage", organisation__slug="demo-werkbedrijf").pk


def teamkaart_items(page: Page) -> list[str]:
    return [
        re.sub(r"\s+", " ", t).strip() for t in page.locator(".shared-items li").all_inner_texts()
    ]


def test_employee_fills_the_card_shares_two_and_unshares_one(phone: Page):
    page = phone
    sign_in(page, "medewerker")
    check_axe(page)

    page.get_by_role("link", name="Mijn kaart").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn gesprekskaart")
    check_axe(page)
    page.get_by_role("link", name="Kaart invullen").click()

    for step, ((theme, kind), (what, who, when)) in enumerate(ANSWERS.items(), start=1):
        expect(page).to_have_url(re.compile(rf"/cards/\d+/{theme}/{kind}/$"))
        expect(page.get_by_text(f"Stap {step} van 6")).to_be_visible()
        if theme == "gezond":
            expect(page.locator(".health-warning")).to_contain_text("zwangerschap")
        check_axe(page)
        field = page.get_by_label("Wat wil ik?" if kind == "wish" else "Wat gaan we doen?")
        field.fill(what)
        if kind == "agreement":
            page.get_by_label("Wie helpt?").fill(who)
            page.get_by_label("Wanneer?").fill(when)
        page.get_by_role("button", name="Opslaan").click()
        expect(page.get_by_role("status")).to_contain_text("Opgeslagen.")
        expect(page.locator(".card-item .what")).to_have_text([what])
        check_axe(page)
        if (theme, kind) in SHARED:
            page.get_by_role("button", name="Deel met mijn team").click()
            expect(page.get_by_role("status")).to_contain_text("Gedeeld")
            expect(page.locator(".badge.shared")).to_have_count(1)
            check_axe(page)
        last = step == len(ANSWERS)
        page.get_by_role(
            "button", name="Klaar: bekijk de kaart" if last else "Volgende vraag"
        ).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn gesprekskaart")
    expect(page.locator(".card-item")).to_have_count(6)
    check_axe(page)

    page.get_by_role("link", name="Naar de teamkaart").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Teamkaart Assemblage")
    assert teamkaart_items(page) == [
        "Kees: Ik wil leren solderen.",
        "Kees: Ik werk graag samen met Noor.",
    ]
    check_axe(page)

    page.goto(f"/cards/{kees_id()}/")
    plezier = page.locator(".card-item", has_text="Ik werk graag samen met Noor.")
    plezier.get_by_role("button", name="Niet meer delen").click()
    expect(page.get_by_role("status")).to_contain_text("Niet meer gedeeld")
    check_axe(page)

    page.goto(f"/teams/{assemblage_id()}/card/")
    assert teamkaart_items(page) == ["Kees: Ik wil leren solderen."]
    check_axe(page)


def test_gezond_asks_a_second_time_before_sharing(phone: Page):
    page = phone
    sign_in(page, "medewerker")
    page.goto(f"/cards/{kees_id()}/gezond/wish/")
    page.get_by_label("Wat wil ik?").fill("Ik wil meer bewegen.")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("link", name="Deel met mijn team").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delen met mijn team?")
    check_axe(page)
    page.get_by_role("button", name="Delen").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check_axe(page)
    page.get_by_label("Ja, mijn team mag dit zien.").check()
    page.get_by_role("button", name="Delen").click()
    expect(page.locator(".badge.shared")).to_have_count(1)
    page.goto(f"/teams/{assemblage_id()}/card/")
    assert teamkaart_items(page) == ["Kees: Ik wil meer bewegen."]

    # Changing and removing an item: each screen passes axe too.
    page.goto(f"/cards/{kees_id()}/gezond/wish/")
    page.get_by_role("link", name="Wijzigen").click()
    check_axe(page)
    page.get_by_label("Wat wil ik?").fill("Ik wil elke dag even wandelen.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".card-item .what")).to_have_text(["Ik wil elke dag even wandelen."])
    page.get_by_role("link", name="Weghalen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wilt u dit weghalen van de kaart?")
    check_axe(page)
    page.get_by_role("button", name="Ja, weghalen").click()
    expect(page.locator(".card-item")).to_have_count(0)
    page.goto(f"/teams/{assemblage_id()}/card/")
    assert teamkaart_items(page) == []


def tab_to(page: Page, name: str, role: str = "", limit: int = 60) -> None:
    """Press Tab until the focused element has this accessible text (or label)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const el = document.activeElement;
                const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
                return [el.tagName.toLowerCase(), (el.innerText || "").trim(), label.trim()];
            }"""
        )
        tag, text, label = focused
        if name in (text, label) and (not role or tag == role):
            return
    raise AssertionError(f"could not reach {name!r} with the Tab key")


def test_card_is_completed_with_the_keyboard_only(phone: Page):
    page = phone
    sign_in(page, "medewerker")
    tab_to(page, "Mijn kaart", "a")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn gesprekskaart")
    tab_to(page, "Kaart invullen", "a")
    page.keyboard.press("Enter")
    for step, ((_theme, kind), (what, who, when)) in enumerate(ANSWERS.items(), start=1):
        expect(page.get_by_text(f"Stap {step} van 6")).to_be_visible()
        tab_to(page, "Wat wil ik?" if kind == "wish" else "Wat gaan we doen?", "textarea")
        page.keyboard.type(what)
        if kind == "agreement":
            page.keyboard.press("Tab")
            page.keyboard.type(who)
            page.keyboard.press("Tab")
            page.keyboard.type(when)
        tab_to(page, "Opslaan", "button")
        page.keyboard.press("Enter")
        expect(page.locator(".card-item .what")).to_have_text([what])
        if step == 1:
            tab_to(page, "Deel met mijn team", "button")
            page.keyboard.press("Enter")
            expect(page.locator(".badge.shared")).to_have_count(1)
        last = step == len(ANSWERS)
        tab_to(page, "Klaar: bekijk de kaart" if last else "Volgende vraag", "button")
        page.keyboard.press("Enter")
    expect(page.locator(".card-item")).to_have_count(6)
    tab_to(page, "Naar de teamkaart", "a")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Teamkaart Assemblage")
    assert teamkaart_items(page) == ["Kees: Ik wil leren solderen."]


def test_card_works_without_javascript(browser: Any, site: str):
    context = browser.new_context(
        base_url=site, viewport=PHONE, locale="nl-NL", java_script_enabled=False
    )
    page = context.new_page()
    try:
        sign_in(page, "medewerker")
        page.goto(f"/cards/{kees_id()}/plezier/wish/")
        # The read-aloud button needs speech synthesis: without JavaScript it stays hidden.
        expect(page.locator("button.read-aloud")).to_be_hidden()
        page.get_by_label("Wat wil ik?").fill("Ik wil buiten werken.")
        page.get_by_role("button", name="Opslaan").click()
        page.get_by_role("button", name="Deel met mijn team").click()
        page.goto(f"/teams/{assemblage_id()}/card/")
        assert teamkaart_items(page) == ["Kees: Ik wil buiten werken."]
    finally:
        context.close()


def test_typed_text_survives_next_previous_and_done_without_saving_first(phone: Page):
    """Issue 14: text typed in a step and followed by "Volgende vraag" was silently lost."""
    page = phone
    sign_in(page, "medewerker")
    page.goto(f"/cards/{kees_id()}/groei/wish/")
    page.get_by_label("Wat wil ik?").fill("Ik wil leren lassen.")
    page.get_by_role("button", name="Volgende vraag").click()
    expect(page.get_by_text("Stap 2 van 6")).to_be_visible()
    page.get_by_label("Wat gaan we doen?").fill("Meelopen met Ali.")
    page.get_by_role("button", name="Vorige vraag").click()
    expect(page.get_by_text("Stap 1 van 6")).to_be_visible()
    expect(page.locator(".card-item .what")).to_have_text(["Ik wil leren lassen."])
    check_axe(page)
    page.goto(f"/cards/{kees_id()}/plezier/agreement/")
    page.get_by_label("Wat gaan we doen?").fill("Samen lunchen op vrijdag.")
    page.get_by_role("button", name="Klaar: bekijk de kaart").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn gesprekskaart")
    expect(page.locator(".card-item .what")).to_contain_text(
        ["Ik wil leren lassen.", "Meelopen met Ali.", "Samen lunchen op vrijdag."]
    )
    # Nothing typed: the step just changes, without an error.
    page.goto(f"/cards/{kees_id()}/gezond/wish/")
    page.get_by_role("button", name="Volgende vraag").click()
    expect(page.get_by_text("Stap 4 van 6")).to_be_visible()


def test_read_aloud_button_shows_when_speech_is_there(phone: Page):
    page = phone
    sign_in(page, "medewerker")
    page.goto(f"/cards/{kees_id()}/groei/wish/")
    has_speech = page.evaluate("'speechSynthesis' in window")
    button = page.get_by_role("button", name="Lees voor")
    if has_speech:
        expect(button).to_be_visible()
        box = button.bounding_box()
        assert box["height"] >= 44
        button.click()  # must not raise a page error (checked by the fixture)
    else:
        expect(button).to_be_hidden()


def test_manager_types_in_a_paper_card_and_edits_the_teamkaart(phone: Page):
    page = phone
    sign_in(page, "manager")
    page.goto(f"/cards/{kees_id()}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gesprekskaart van Kees Bakker")
    check_axe(page)
    page.get_by_role("link", name="Papieren kaart overtypen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Papieren kaart overtypen")
    check_axe(page)
    page.locator("#id_groei-wish-1-what").fill("Leren solderen")
    page.locator("#id_groei-wish-1-shared").check()
    page.locator("#id_gezond-agreement-1-what").fill("Minder tillen")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("2 punten opgeslagen")
    check_axe(page)

    page.get_by_role("link", name="Teamkaarten").click()
    check_axe(page)
    page.get_by_role("link", name="Teamkaart Assemblage").click()
    check_axe(page)
    page.get_by_role("link", name="Teamkaart aanpassen").click()
    check_axe(page)
    page.get_by_label("Alleen letters (bijvoorbeeld: K.B.)").check()
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_label("Thema").select_option("plezier")
    page.get_by_label("Wat spreken we samen af?").fill("Op vrijdag samen koffie.")
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_role("status")).to_contain_text("op de teamkaart")
    check_axe(page)
    page.goto(f"/teams/{assemblage_id()}/card/")
    assert teamkaart_items(page) == ["K.B.: Leren solderen"]
    expect(page.locator(".team-agreements li")).to_have_text(["Op vrijdag samen koffie."])


def test_hr_sees_teamkaarten_without_gezond_details(phone: Page):
    from koers.cards.demo import extend_demo
    from koers.organisations.models import Organisation

    extend_demo(Organisation.objects.get(slug="demo-werkbedrijf"))
    page = phone
    sign_in(page, "hr")
    page.get_by_role("link", name="Teamkaarten").click()
    check_axe(page)
    page.get_by_role("link", name="Teamkaart Assemblage").click()
    expect(page.get_by_text("1 punt gedeeld in het team")).to_be_visible()
    expect(page.get_by_text("werktafel")).to_have_count(0)
    expect(page.get_by_text("vaste pauzes om tien uur")).to_have_count(0)
    check_axe(page)
    assert page.goto(f"/cards/{kees_id()}/").status == 404


def test_manager_turns_a_card_agreement_into_a_pop_point(phone: Page):
    """Issue 6 item 2: typed once on the card, the agreement becomes a point of the signed
    POP (a new draft version); the plan shows it and the card shows the plan's text."""
    from koers.cards import actions
    from koers.organisations.actors import actor_for
    from koers.organisations.models import Employee, Organisation
    from koers.plans.demo import extend_demo as plans_demo

    plans_demo(Organisation.objects.get(slug="demo-werkbedrijf"))
    kees = Employee.objects.get(personnel_number="D-medewerker")
    what = "Ik loop twee ochtenden mee bij het soldeerwerk."
    actions.add_item(
        actor_for(kees), kees, theme="groei", kind="agreement", what=what, who_helps="Sanne"
    )
    tafel = actions.add_item(
        actor_for(kees),
        kees,
        theme="gezond",
        kind="agreement",
        what="Ik krijg een tafel die omhoog kan.",
    )

    page = phone
    sign_in(page, "manager")
    page.goto(f"/cards/{kees.pk}/")
    expect(page.get_by_role("link", name="Mijn kaart")).not_to_have_attribute(
        "aria-current", "page"
    )
    check_axe(page)
    gezond = page.locator(".theme-gezond .card-item")
    expect(gezond.get_by_role("link", name="Zet in het POP")).to_have_count(0)
    # Asked anyway (a typed address): refused in plain words, nothing to submit.
    page.goto(f"/cards/{kees.pk}/items/{tafel.pk}/to-plan/")
    expect(page.locator("#refusal")).to_contain_text("HR kan het POP lezen")
    expect(page.get_by_role("button", name="Zet in het POP")).to_have_count(0)
    check_axe(page)
    page.get_by_role("link", name="Terug naar de kaart").click()

    item = page.locator(".card-item", has_text=what)
    item.get_by_role("link", name="Zet in het POP").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("In het POP zetten")
    expect(page.get_by_text("Er komt een nieuwe versie")).to_be_visible()
    check_axe(page)
    page.get_by_label("Functie/taakgericht").check()
    expect(page.get_by_label("Korte naam van het aandachtspunt")).to_have_value(
        "Ik loop twee ochtenden mee bij het soldeerwerk"
    )
    page.get_by_label("Korte naam van het aandachtspunt").fill("Solderen leren")
    page.get_by_role("button", name="Zet in het POP").click()

    expect(page.get_by_role("status")).to_contain_text("De afspraak staat nu in het POP")
    point = page.locator("article.point", has_text="Solderen leren")
    expect(point).to_contain_text(what)
    expect(point).to_contain_text("Staat ook op de gesprekskaart")
    expect(page.locator(".lead")).to_contain_text("versie 2")
    check_axe(page)

    point.get_by_role("link", name="Bekijk op de kaart").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gesprekskaart van Kees Bakker")
    linked = page.locator(".card-item", has_text=what)
    expect(linked).to_contain_text("In het POP: Functie/taakgericht")
    check_axe(page)


def test_older_cards_and_a_plan_point_on_the_card(phone: Page):
    from koers.cards import actions, queries
    from koers.organisations.actors import actor_for
    from koers.organisations.models import Employee, Organisation
    from koers.plans.demo import extend_demo as plans_demo

    plans_demo(Organisation.objects.get(slug="demo-werkbedrijf"))
    kees = Employee.objects.get(personnel_number="D-medewerker")
    last_year = queries.this_year() - 1
    old = actions.start_card(actor_for(kees), kees, year=last_year)
    old.items.create(theme="groei", kind="wish", what="Vorig jaar: leren lassen.")

    page = phone
    sign_in(page, "medewerker")
    page.get_by_role("link", name="Mijn kaart").click()
    expect(page.get_by_text("Die kunt u alleen lezen")).to_be_visible()
    check_axe(page)
    page.get_by_role("button", name=f"Start de kaart voor {last_year + 1}").click()
    expect(page.get_by_role("status")).to_contain_text("staat klaar")
    check_axe(page)

    page.get_by_role("link", name="Alle kaarten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Al mijn kaarten")
    check_axe(page)
    page.get_by_role("link", name=f"Kaart van {last_year}").click()
    expect(page.locator(".card-item .what")).to_have_text(["Vorig jaar: leren lassen."])
    check_axe(page)

    page.goto(f"/cards/{kees.pk}/")
    page.get_by_role("link", name="Punt uit het POP op de kaart").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Punt uit het POP op de kaart")
    check_axe(page)
    page.locator("input[name=point]").first.check()
    page.get_by_label("Plezier").check()
    page.get_by_role("button", name="Zet op de kaart").click()
    expect(page.get_by_role("status")).to_contain_text("staat nu op de kaart")
    expect(page.locator(".theme-plezier .badge.in-plan")).to_have_count(1)
    check_axe(page)
