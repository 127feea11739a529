"""A private gezond item stays on the card; the PDFs (A4 card, A3 teamkaart poster)."""

import re
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from koers.cards.demo import extend_demo
from koers.cards.models import CardItem, Theme
from koers.organisations.models import Employee

pytestmark = pytest.mark.django_db

PRIVATE_GEZOND = "Ik wil vaste pauzes om tien uur en om drie uur."
SHARED_GEZOND = "Ik krijg een werktafel die omhoog kan."


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())


def page_size(pdf: bytes, tmp_path: Path) -> tuple[float, float, int]:
    path = tmp_path / "size.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    width, height = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups()
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    return float(width), float(height), pages


@pytest.fixture
def demo_cards(demo):
    extend_demo(demo)
    return demo


@pytest.fixture
def kees(demo_cards) -> Employee:
    return Employee.objects.get(organisation=demo_cards, personnel_number="D-medewerker")


@pytest.fixture
def assemblage(demo_cards):
    return demo_cards.teams.get(name="Assemblage")


def test_demo_has_a_private_gezond_item(kees):
    item = CardItem.objects.get(what=PRIVATE_GEZOND)
    assert item.card.employee == kees
    assert item.theme == Theme.GEZOND
    assert not item.shared


def test_private_gezond_item_is_absent_from_teamkaart_hr_and_exports(
    login_as, kees, assemblage, demo_cards, tmp_path
):
    teams = list(demo_cards.teams.all())
    for username in ("medewerker", "manager", "hr"):
        client = login_as(username)
        seen = client.get(reverse("teamcard-detail", args=[assemblage.pk])).content.decode()
        assert "Ik wil leren solderen." in seen  # the page does show shared items
        assert PRIVATE_GEZOND not in seen
        poster = client.get(reverse("teamcard-pdf", args=[assemblage.pk]))
        assert PRIVATE_GEZOND not in pdf_text(poster.content, tmp_path)
        assert PRIVATE_GEZOND not in client.get(reverse("teamcard-list")).content.decode()

    hr = login_as("hr")
    # HR reads no individual card and no card PDF.
    assert hr.get(reverse("card-detail", args=[kees.pk])).status_code == 404
    assert hr.get(reverse("card-pdf", args=[kees.pk])).status_code == 404
    for team in teams:
        page = hr.get(reverse("teamcard-detail", args=[team.pk])).content.decode()
        assert PRIVATE_GEZOND not in page
        # Shared gezond items reach HR only as a number.
        assert SHARED_GEZOND not in page
        poster = pdf_text(hr.get(reverse("teamcard-pdf", args=[team.pk])).content, tmp_path)
        assert PRIVATE_GEZOND not in poster
        assert SHARED_GEZOND not in poster


def test_hr_sees_how_many_gezond_items_are_shared_not_what(login_as, assemblage):
    page = login_as("hr").get(reverse("teamcard-detail", args=[assemblage.pk])).content.decode()
    assert "1 punt gedeeld in het team" in page


def test_team_sees_shared_gezond_item(login_as, assemblage):
    page = login_as("medewerker").get(reverse("teamcard-detail", args=[assemblage.pk]))
    assert SHARED_GEZOND in page.content.decode()


def test_teamkaart_poster_is_a3_landscape_with_themes_items_and_date(
    login_as, assemblage, tmp_path
):
    response = login_as("manager").get(reverse("teamcard-pdf", args=[assemblage.pk]))
    assert response["Content-Type"] == "application/pdf"
    width, height, pages = page_size(response.content, tmp_path)
    assert (round(width), round(height)) == (1191, 842)  # A3 landscape in points
    assert pages == 1
    text = pdf_text(response.content, tmp_path)
    for words in ("Teamkaart Assemblage", "Groei", "Gezond", "Plezier", "Samen afgesproken"):
        assert words in text
    for shared in CardItem.objects.filter(shared=True, card__employee__team=assemblage):
        assert shared.what in text
    assert PRIVATE_GEZOND not in text
    assert date_format(timezone.localdate(), "j F Y") in text


def test_card_pdf_is_a4_with_three_themes(login_as, kees, tmp_path):
    response = login_as("medewerker").get(reverse("card-pdf", args=[kees.pk]))
    width, height, pages = page_size(response.content, tmp_path)
    assert (round(width), round(height)) == (595, 842)  # A4 portrait
    assert pages == 1
    text = pdf_text(response.content, tmp_path)
    for words in ("Gesprekskaart", "Kees Bakker", "Groei", "Gezond", "Plezier", "Wat wil ik?"):
        assert words in text
    # The card is the employee's own: on paper it shows what the screen shows.
    assert "Ik wil leren solderen." in text
    assert PRIVATE_GEZOND in text


def test_blank_card_prints_with_empty_lines(login_as, demo, tmp_path):
    collega = Employee.objects.get(organisation=demo, personnel_number="D-collega")
    response = login_as("collega").get(reverse("card-pdf", args=[collega.pk]))
    assert page_size(response.content, tmp_path)[2] == 1
    text = pdf_text(response.content, tmp_path)
    assert text.count("Wat spreken we af?") == 3
    assert text.count("Wie helpt?") == 3
    html = login_as("collega").get(reverse("card-detail", args=[collega.pk])).content.decode()
    assert html.count("Nog niets ingevuld.") == 6
