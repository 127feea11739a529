"""Plan, invite and prepare as people do it in the browser; axe-core on every page."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from koers.testing import talk_with_kees
from koers.testing_browser import assert_accessible, sign_in

pytestmark = pytest.mark.browser

ANSWER = "Ik wil beter worden in het lezen van tekeningen."


def test_manager_plans_employee_prepares_and_shares(page: Page, demo_site, browser):
    # The manager plans a talk with Kees one week ahead: a warning, then a confirmation.
    sign_in(page, "manager")
    page.goto("/conversations/")
    assert_accessible(page)
    page.get_by_role("link", name="Gesprek plannen").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gesprek plannen")
    assert_accessible(page)
    page.get_by_label("Met wie").select_option(label="Kees Bakker (Assemblage, nr. D-medewerker)")
    day = timezone.localdate() + datetime.timedelta(days=7)
    page.get_by_label("Datum").fill(day.isoformat())
    page.get_by_label("Begintijd").fill("10:00")
    page.get_by_label("Plaats").fill("Spreekkamer 2")
    page.get_by_role("button", name="Plannen en uitnodigen").click()
    expect(page.get_by_role("heading", name="Minder dan twee weken vooruit")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Ik plan dit gesprek bewust binnen twee weken").check()
    page.get_by_role("button", name="Plannen en uitnodigen").click()
    expect(page.get_by_text("Het gesprek is gepland.")).to_be_visible()
    expect(page.get_by_text("geen functioneringsgesprek")).to_be_visible()
    assert_accessible(page)
    detail_url = page.url

    # Kees prepares on his own device: htmx saves the answer as he types.
    context = browser.new_context(base_url=demo_site, locale="nl-NL")
    employee = context.new_page()
    sign_in(employee, "medewerker")
    employee.goto("/conversations/")
    employee.get_by_role("link", name="Mijn voorbereiding").click()
    assert_accessible(employee)
    box = employee.get_by_label("Hoe zie ik mijn huidige functie?")
    box.fill(ANSWER)
    expect(employee.get_by_text(re.compile("Opgeslagen om"))).to_be_visible()
    employee.reload()
    expect(employee.get_by_label("Hoe zie ik mijn huidige functie?")).to_have_value(ANSWER)

    # Before sharing the manager cannot read it.
    page.goto(detail_url.rstrip("/") + "/prepare/")
    expect(
        page.get_by_text("De medewerker heeft de voorbereiding nog niet gedeeld.")
    ).to_be_visible()
    expect(page.get_by_text(ANSWER)).to_have_count(0)
    assert_accessible(page)

    employee.get_by_role("button", name="Deel met mijn leidinggevende").click()
    expect(
        employee.get_by_text("Uw voorbereiding is gedeeld met uw leidinggevende.")
    ).to_be_visible()
    assert_accessible(employee)
    context.close()

    page.reload()
    expect(page.get_by_text(ANSWER)).to_be_visible()


def test_a_lost_connection_is_shown_and_the_text_stays(page: Page, demo_site):
    talk = talk_with_kees()
    sign_in(page, "medewerker")
    page.goto(f"/conversations/{talk.pk}/prepare/")
    page.route("**/answers/**", lambda route: route.abort())
    box = page.get_by_label("Hoe wil ik dat mijn loopbaan er in de toekomst uitziet?")
    box.fill("Voorman worden.")
    expect(page.get_by_text(re.compile("Niet opgeslagen"))).to_be_visible()
    expect(box).to_have_value("Voorman worden.")
    assert_accessible(page)

    # The plain Save button still works.
    page.unroute("**/answers/**")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Uw antwoorden zijn opgeslagen.")).to_be_visible()
    expect(
        page.get_by_label("Hoe wil ik dat mijn loopbaan er in de toekomst uitziet?")
    ).to_have_value("Voorman worden.")


def test_hr_adds_a_question_to_a_template(page: Page, demo_site):
    sign_in(page, "hr")
    page.get_by_role("link", name="Sjablonen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sjablonen voor gesprekken")
    assert_accessible(page)
    page.get_by_role("link", name="Aanpassen Loopbaangesprek").click()
    assert_accessible(page)
    box = page.get_by_label("Voorbereiding medewerker")
    box.fill(box.input_value() + "\nWat wil ik leren over thuiswerken?")
    page.get_by_label("Wat verandert er?").fill("Vraag over thuiswerken")
    page.get_by_role("button", name="Opslaan als nieuwe versie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Loopbaangesprek, versie 2")
    expect(page.get_by_text("Wat wil ik leren over thuiswerken?")).to_be_visible()
    assert_accessible(page)


PHONE = {"width": 360, "height": 740}


def _fits(page: Page, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} scrolls sideways: {scroll}px"


def _agreement(page: Page, title: str, *, deadline: str | None) -> None:
    page.get_by_label("Functie/taakgericht").check()
    page.get_by_label("Aandachtspunt").fill(title)
    page.get_by_label("Wat wilt u bereiken?").fill(f"{title}: zelfstandig en zonder hulp.")
    page.get_by_label("Hoe weten we dat het gelukt is?").fill("De voorman keurt drie stukken goed.")
    page.get_by_label("Hoe pakt u het aan?").fill("Een korte cursus en oefenen.")
    page.get_by_label("Wat doet de medewerker?", exact=True).fill("Oefent elke week.")
    page.get_by_label("Wat doet de werkgever?", exact=True).fill("Betaalt de cursus.")
    page.get_by_label("Welke steun of welk budget is nodig?").fill("Een uur per week.")
    if deadline:
        page.get_by_label("Klaar op").fill(deadline)
    page.get_by_label("Hoe volgen we de voortgang?").fill("Elke maand in het werkoverleg.")
    page.get_by_role("button", name="Afspraak opslaan").click()


def test_the_whole_cycle_from_planning_to_the_signed_pdf(page: Page, demo_site, browser):
    # Plan a talk with Kees one week ahead: warning, confirmation.
    sign_in(page, "manager")
    page.goto("/conversations/plan/")
    assert_accessible(page)
    page.get_by_label("Met wie").select_option(label="Kees Bakker (Assemblage, nr. D-medewerker)")
    day = timezone.localdate() + datetime.timedelta(days=7)
    page.get_by_label("Datum").fill(day.isoformat())
    page.get_by_label("Begintijd").fill("10:00")
    page.get_by_label("Plaats").fill("Spreekkamer 2")
    page.get_by_role("button", name="Plannen en uitnodigen").click()
    expect(page.get_by_role("heading", name="Minder dan twee weken vooruit")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Ik plan dit gesprek bewust binnen twee weken").check()
    page.get_by_role("button", name="Plannen en uitnodigen").click()
    expect(page.get_by_text("Het gesprek is gepland.")).to_be_visible()
    detail_url = page.url

    # Kees prepares and shares, on his phone.
    kees_context = browser.new_context(base_url=demo_site, locale="nl-NL", viewport=PHONE)
    kees = kees_context.new_page()
    sign_in(kees, "medewerker")
    kees.goto("/conversations/")
    kees.get_by_role("link", name="Mijn voorbereiding").click()
    expect(kees.get_by_role("heading", level=1)).to_have_text("Mijn voorbereiding")
    kees.wait_for_load_state()
    kees.get_by_label("Hoe zie ik mijn huidige functie?").fill(ANSWER)
    expect(kees.get_by_text(re.compile("Opgeslagen om"))).to_be_visible()
    kees.get_by_role("button", name="Deel met mijn leidinggevende").click()
    expect(kees.get_by_text("Uw voorbereiding is gedeeld met uw leidinggevende.")).to_be_visible()

    # The manager walks all phases.
    page.goto(detail_url)
    page.get_by_role("link", name="Gesprek voeren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gesprek voeren: Opening")
    expect(page.get_by_text("geen functioneringsgesprek")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Aantekeningen bij de opening").fill("Welkom; doel en opbouw uitgelegd.")
    page.get_by_role("button", name="Opslaan en verder: Evaluatie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gesprek voeren: Evaluatie")
    assert_accessible(page)
    page.get_by_role("button", name="Opslaan en verder: Informatie uitwisselen").click()
    expect(page.get_by_text(ANSWER)).to_be_visible()
    expect(page.get_by_text("Doorvragen")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Wat vertelt de medewerker?").fill("Wil tekeningen leren lezen.")
    page.get_by_role("button", name="Opslaan en verder: Plannen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gesprek voeren: Plannen")
    page.get_by_label("Mogelijkheden binnen de eigen functie").fill("Meer taken op de lijn.")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.get_by_text("Uw aantekeningen zijn opgeslagen.")).to_be_visible()
    assert_accessible(page)

    # On a phone the phase fits the screen.
    page.set_viewport_size(PHONE)
    _fits(page, PHONE["width"])
    page.set_viewport_size({"width": 1280, "height": 900})

    # Two agreements; the first is not SMART until its deadline is filled in.
    page.get_by_role("link", name="Afspraak toevoegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Afspraak toevoegen")
    assert_accessible(page)
    _agreement(page, "Tekening lezen", deadline=None)
    expect(page.get_by_text(re.compile("Nog niet SMART:.*Tijdsgebonden"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"Wijzigen\s*: Tekening lezen")).click()
    expect(page.get_by_text("Kies een datum waarop het klaar is (Tijdsgebonden).")).to_be_visible()
    deadline = (timezone.localdate() + datetime.timedelta(days=180)).isoformat()
    page.get_by_label("Klaar op").fill(deadline)
    page.get_by_role("button", name="Afspraak opslaan").click()
    expect(page.get_by_text("Opgeslagen. Deze afspraak is SMART.")).to_be_visible()
    page.get_by_role("link", name="Afspraak toevoegen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Afspraak toevoegen")
    _agreement(page, "Inwerken nieuwe collega's", deadline=deadline)
    expect(page.get_by_text("Opgeslagen. Deze afspraak is SMART.")).to_be_visible()

    page.get_by_role("button", name="Opslaan en verder: Afsluiting").click()
    expect(page.get_by_role("heading", name="Samenvatting van de afspraken")).to_be_visible()
    # The mark for the talk is the employee's own (their rating screen); the manager
    # writes the closing words and the next date.
    expect(page.get_by_label("Toelichting van de medewerker")).to_have_count(0)
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.get_by_text("Uw aantekeningen zijn opgeslagen.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Gesprek afronden en verslag maken").click()
    # The talk is planned for later: holding it now moves its date, after a question.
    expect(page.get_by_role("heading", level=1)).to_have_text("Dit gesprek is eerder gehouden?")
    assert_accessible(page)
    page.get_by_role("button", name="Ja, het gesprek is vandaag gehouden").click()

    # The report, prefilled; offered for signing.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gespreksverslag")
    expect(page.get_by_label("Opening en samenvatting")).to_have_value(
        "Welkom; doel en opbouw uitgelegd."
    )
    assert_accessible(page)
    page.get_by_role("button", name="Opslaan en aanbieden ter ondertekening").click()
    expect(page.get_by_text(re.compile("Versie 1 staat klaar"))).to_be_visible()
    assert_accessible(page)

    # Kees reads and agrees.
    kees.goto("/conversations/")
    expect(kees.get_by_role("heading", name="Verslagen om te tekenen")).to_be_visible()
    assert_accessible(kees)
    kees.get_by_role("link", name=re.compile("Verslag van het")).click()
    expect(kees.get_by_text("Wil tekeningen leren lezen.")).to_be_visible()
    _fits(kees, PHONE["width"])
    assert_accessible(kees)
    kees.get_by_label("Akkoord: ik ben het eens met dit verslag").check()
    kees.get_by_role("button", name="Bevestigen").click()
    expect(kees.get_by_text("Dank u. Uw keuze is vastgelegd.")).to_be_visible()
    assert_accessible(kees)

    # The manager signs.
    page.reload()
    expect(page.get_by_role("heading", name="Ondertekenen")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Ik teken dit verslag").check()
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_text("Dank u. Uw keuze is vastgelegd.")).to_be_visible()
    expect(page.get_by_role("button", name="Correctie maken (nieuwe versie)")).to_be_visible()
    assert_accessible(page)

    # Kees downloads his copy.
    kees.reload()
    expect(kees.get_by_role("heading", name="Versies")).to_be_visible()
    assert_accessible(kees)
    with kees.expect_download() as download_info:
        kees.get_by_role("link", name="Getekend verslag downloaden (pdf)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as handle:
        assert handle.read(4) == b"%PDF"
    kees_context.close()


def test_talk_notes_autosave_and_a_lost_connection_keeps_the_text(page: Page, demo_site):
    talk = talk_with_kees()
    sign_in(page, "manager")
    page.goto(f"/conversations/{talk.pk}/talk/planning/")
    page.get_by_label("Belemmeringen").fill("Drukte in het najaar.")
    expect(page.get_by_text(re.compile("Opgeslagen om"))).to_be_visible()
    page.reload()
    expect(page.get_by_label("Belemmeringen")).to_have_value("Drukte in het najaar.")

    page.route("**/talk/planning/", lambda route: route.abort())
    page.get_by_label("Blinde vlekken").fill("Uitleg aan anderen.")
    expect(page.get_by_text(re.compile("Niet opgeslagen"))).to_be_visible()
    expect(page.get_by_label("Blinde vlekken")).to_have_value("Uitleg aan anderen.")
    assert_accessible(page)
    page.unroute("**/talk/planning/")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.get_by_text("Uw aantekeningen zijn opgeslagen.")).to_be_visible()
    expect(page.get_by_label("Blinde vlekken")).to_have_value("Uitleg aan anderen.")


def test_the_talk_works_without_javascript(new_context, demo_site):
    talk = talk_with_kees()
    page = new_context(java_script_enabled=False).new_page()
    sign_in(page, "manager")
    page.goto(f"/conversations/{talk.pk}/talk/")
    page.get_by_label("Aantekeningen bij de opening").fill("Zonder JavaScript.")
    page.get_by_role("button", name="Opslaan en verder: Evaluatie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gesprek voeren: Evaluatie")
    page.get_by_role("button", name="Terug: Opening").click()
    expect(page.get_by_label("Aantekeningen bij de opening")).to_have_value("Zonder JavaScript.")
    # Axe needs JavaScript: these pages are checked in the tests above.


def test_manager_plans_a_trajectory_and_writes_its_summary(page: Page, demo_site):
    """004 trajectories on a phone: plan three talks in one go, open talk 2 of 3, write the
    summary; axe-core on every page."""
    page.set_viewport_size({"width": 360, "height": 800})
    sign_in(page, "manager")
    page.goto("/conversations/plan/")
    page.get_by_role("link", name="Plan een traject van 2 tot 4 gesprekken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Traject plannen")
    assert_accessible(page)
    page.get_by_label("Met wie").select_option(label="Kees Bakker (Assemblage, nr. D-medewerker)")
    page.get_by_label("Thema van het traject").fill("Doorgroeien naar voorman")
    page.get_by_label("3").check()
    day = timezone.localdate() + datetime.timedelta(days=21)
    page.get_by_label("Datum van het eerste gesprek").fill(day.isoformat())
    page.get_by_label("Begintijd").fill("10:00")
    page.get_by_label("Plaats").fill("Spreekkamer 2")
    page.get_by_role("button", name="Traject plannen en uitnodigen").click()
    expect(page.get_by_text("Het traject is gepland: 3 gesprekken")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Gesprek 2 van 3").click()
    expect(page.get_by_text('Traject "Doorgroeien naar voorman": gesprek 2 van 3')).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("gesprek 2 van 3")).click()
    page.get_by_role("textbox", name="Samenvatting van het traject").fill(
        "Drie gesprekken; hij wordt voorman."
    )
    page.get_by_role("button", name="Samenvatting opslaan").click()
    expect(page.get_by_text("De samenvatting is opgeslagen.")).to_be_visible()
    expect(page.get_by_role("textbox", name="Samenvatting van het traject")).to_have_value(
        "Drie gesprekken; hij wordt voorman."
    )
    assert_accessible(page)
