"""Issue 10: an employee without e-mail gets a login from HR, receives the activation letter,
and chooses their own password on a phone. HR never sees or sets a password. axe-core on every
page."""

from __future__ import annotations

import re
import subprocess

import pytest
from playwright.sync_api import Page, expect

from koers.testing_browser import assert_accessible, sign_in

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 740}}
PASSWORD = "Groene-Fiets-Maandag-58"


def visit(page: Page, url: str) -> None:
    page.goto(url)
    assert_accessible(page)


def person_without_email():
    from koers.organisations.models import Employee

    return Employee.objects.filter(
        organisation__slug="demo-werkbedrijf", user__isnull=True, email=""
    ).first()


def test_employee_without_email_activates_with_the_letter(new_context, demo_site):
    person = person_without_email()
    hr = new_context().new_page()
    sign_in(hr, "hr")
    visit(hr, f"/people/{person.pk}/access/")
    expect(hr.locator("input[type=password]")).to_have_count(0)
    hr.get_by_label("Gebruikersnaam").fill("nieuwe.collega")
    hr.get_by_role("button", name="Login maken").click()
    expect(hr.get_by_role("status")).to_contain_text("Maak nu de activeringsbrief")
    assert_accessible(hr)
    expect(hr.locator("input[type=password]")).to_have_count(0)

    # WeasyPrint's first PDF in a process takes a few seconds.
    with hr.expect_download(timeout=30_000) as download:
        hr.get_by_role("button", name="Activeringsbrief maken (PDF)").click(no_wait_after=True)
    text = subprocess.run(
        ["pdftotext", download.value.path(), "-"], capture_output=True, text=True, check=True
    ).stdout
    code = re.search(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\b", text).group(0)
    assert "nieuwe.collega" in text and person.first_name in text
    # HR's page does not show the code.
    hr.reload()
    expect(hr.get_by_text("Wacht op activering")).to_be_visible()
    assert code not in hr.content()

    # The employee, on their own phone, not signed in.
    phone = new_context(**PHONE).new_page()
    visit(phone, "/accounts/activate/")
    phone.get_by_label("Code uit de brief").fill(code.lower().replace("-", " "))
    phone.get_by_role("button", name="Verder").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Kies uw wachtwoord")
    expect(phone.get_by_text("nieuwe.collega")).to_be_visible()
    assert_accessible(phone)
    phone.get_by_label(re.compile(r"^Nieuw wachtwoord:?$")).fill(PASSWORD)
    phone.get_by_label("Nieuw wachtwoord bevestigen").fill(PASSWORD)
    phone.get_by_role("button", name="Wachtwoord opslaan").click()
    expect(phone.get_by_role("status")).to_contain_text("Uw wachtwoord is opgeslagen")
    assert_accessible(phone)
    sign_in(phone, "nieuwe.collega", password=PASSWORD)
    expect(phone.get_by_role("heading", level=1)).to_contain_text(person.first_name)
    assert_accessible(phone)


def test_wrong_code_and_the_qr_link_pages_are_accessible(new_context, demo_site):
    page = new_context(**PHONE).new_page()
    visit(page, "/accounts/activate/")
    page.get_by_label("Code uit de brief").fill("ABCD-EFGH-JKMN")
    page.get_by_role("button", name="Verder").click()
    expect(page.get_by_role("alert")).to_contain_text("Deze code klopt niet")
    assert_accessible(page)
    # The QR code's link with a code that is not (or no longer) valid.
    visit(page, "/accounts/activate/ABCDEFGHJKMN/")
    expect(page.get_by_role("alert")).to_contain_text("Deze code klopt niet")
