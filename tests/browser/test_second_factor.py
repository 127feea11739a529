"""Issue 10, acceptance: with "tweede factor verplicht" on (the default of a new organisation),
HR cannot use Koers before enrolling a second factor; the TOTP is computed in the test.

Every page visited goes through axe-core (``assert_accessible``)."""

from __future__ import annotations

import re
import time

import pytest
import time_machine
from django.contrib.auth.hashers import make_password
from playwright.sync_api import Page, expect

from koers.access.actor import Actor
from koers.organisations.actions import logins, people, structure
from koers.organisations.models import Organisation
from koers.testing import totp_code
from koers.testing_browser import assert_accessible

pytestmark = pytest.mark.browser

USERNAME = "nora"
PASSWORD = "Lange-Zomer-Avond-2026"


@pytest.fixture
def new_organisation_hr(demo_site) -> Organisation:
    """A new organisation (the setting on, by default) with one HR person who has a login."""
    organisation = people.found_organisation(
        Actor(system=True), name="Stichting Nieuw Begin", slug="nieuw-begin"
    )
    actor = Actor.for_system(organisation.pk)
    department = structure.add_department(actor, organisation, "Staf")
    team = structure.add_team(actor, organisation, department=department, name="P&O")
    nora = people.add_person(
        actor,
        organisation,
        personnel_number="NB-1",
        first_name="Nora",
        last_name="Visser",
        team=team,
        email="nora@nieuw-begin.test",
    )
    logins.set_roles(actor, nora, is_hr=True, is_org_admin=False)
    logins.set_up_logins(actor, {USERNAME: nora}, make_password(PASSWORD))
    return organisation


def _password_step(page: Page) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill(USERNAME)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()


def test_new_organisations_hr_enrols_totp_and_signs_in_with_it(page: Page, new_organisation_hr):
    assert new_organisation_hr.second_factor_required
    page.goto("/accounts/login/")
    assert_accessible(page)
    _password_step(page)

    # Sent to enrol; Koers itself stays closed until then.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/$"))
    expect(page.get_by_role("alert")).to_contain_text("Uw organisatie vraagt een tweede factor")
    assert_accessible(page)
    page.goto("/dashboard/hr/")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/$"))

    page.get_by_role("link", name="App met codes instellen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("App met codes instellen")
    assert_accessible(page)
    secret = page.locator("#totp-secret").inner_text().strip()
    page.get_by_label("Code uit de app").fill(totp_code(secret))
    page.get_by_role("button", name="Instellen").click()
    # allauth shows the recovery codes next.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/$"))
    assert_accessible(page)

    page.get_by_role("button", name="Uitloggen").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))

    # Half a minute later the app shows a new code (a code works once).
    with time_machine.travel(time.time() + 60, tick=True):
        _password_step(page)
        expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Tweede factor")
        assert_accessible(page)
        page.get_by_label("Code", exact=True).fill(totp_code(secret))
        page.get_by_role("button", name="Inloggen", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom, Nora")
        page.goto("/dashboard/hr/")
        expect(page).to_have_url(re.compile(r"/dashboard/hr/$"))
        assert_accessible(page)


def test_a_wrong_code_is_refused_in_dutch(page: Page, new_organisation_hr):
    _password_step(page)
    page.get_by_role("link", name="App met codes instellen").click()
    page.get_by_label("Code uit de app").fill("000000")
    page.get_by_role("button", name="Instellen").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("App met codes instellen")
    assert_accessible(page)


def _virtual_authenticator(page: Page) -> None:
    """Chromium's virtual authenticator: a passkey on "this device", verified by the person."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )


def test_hr_enrols_a_passkey_and_signs_in_with_it(page: Page, new_organisation_hr):
    _virtual_authenticator(page)
    _password_step(page)
    page.get_by_role("link", name="Passkey toevoegen").click()
    assert_accessible(page)
    page.get_by_role("textbox").first.fill("Laptop")
    page.get_by_role("checkbox").first.check()  # also to sign in without a password
    page.locator("#mfa_webauthn_add").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/(recovery-codes/|webauthn/)?$"))
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom, Nora")
    page.get_by_role("button", name="Uitloggen").click()

    # Password, then the passkey as the second step.
    _password_step(page)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    page.get_by_role("button", name="Gebruik een beveiligingssleutel").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom, Nora")
    page.get_by_role("button", name="Uitloggen").click()

    # Or the passkey alone, from the login page.
    page.get_by_role("button", name="Met een passkey").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom, Nora")
