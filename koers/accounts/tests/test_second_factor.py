"""Issue 10, item 2: a second factor (allauth.mfa), required by the organisation's setting for
HR and org admins (and managers when it says so), always for superusers."""

from __future__ import annotations

import time

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.test import Client
from django.urls import reverse

from koers.access.actor import Actor
from koers.audit.models import AuditEvent
from koers.lib.errors import NotAllowed
from koers.organisations.actions import people
from koers.organisations.actors import actor_for
from koers.organisations.demo import DEMO_SLUG
from koers.organisations.models import Organisation, SecondFactorRule
from koers.testing import totp_code

pytestmark = pytest.mark.django_db
PASSWORD = "koers-demo"


@pytest.fixture
def werkbedrijf(demo) -> Organisation:
    return Organisation.objects.get(slug=DEMO_SLUG)


def _require(org: Organisation, *, required: bool = True, for_managers: bool = False) -> None:
    people.require_second_factor(
        Actor.for_system(org.pk), org, required=required, for_managers=for_managers
    )


def _sign_in(client: Client, username: str) -> str:
    """The password step; returns where Koers sends the person next."""
    response = client.post(reverse("login"), {"login": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def _enrol_totp(client: Client) -> str:
    """Enrol an authenticator app as a person does: read the secret, type the app's code."""
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    assert secret in page.content.decode()  # shown to type into the app by hand
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return secret


def test_new_organisation_requires_a_second_factor_by_default():
    assert Organisation(name="Nieuw", slug="nieuw").second_factor_required is True


def test_demo_organisations_keep_it_off(werkbedrijf):
    assert not werkbedrijf.second_factor_required
    assert not Organisation.objects.filter(second_factor_required=True).exists()


def test_hr_without_a_factor_is_sent_to_enrol(werkbedrijf, login_as):
    _require(werkbedrijf)
    client = login_as("hr")
    for url in (reverse("home"), reverse("people-list"), reverse("profile")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_index")
    page = client.get(reverse("mfa_index"))
    assert page.status_code == 200
    assert "Uw organisatie vraagt een tweede factor" in page.content.decode()


def test_org_admin_without_a_factor_is_sent_to_enrol(werkbedrijf, login_as):
    _require(werkbedrijf)
    assert login_as("admin").get(reverse("home"))["Location"] == reverse("mfa_index")


def test_with_the_setting_off_hr_uses_koers_with_the_password_alone(werkbedrijf, login_as):
    assert login_as("hr").get(reverse("home")).status_code == 200


def test_employees_never_need_one(werkbedrijf, login_as):
    _require(werkbedrijf, for_managers=True)
    assert login_as("medewerker").get(reverse("home")).status_code == 200


def test_managers_need_one_only_when_the_second_setting_is_on(werkbedrijf, client, users):
    _require(werkbedrijf)
    client.force_login(users["manager"], backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("home")).status_code == 200
    _require(werkbedrijf, for_managers=True)
    assert client.get(reverse("home"))["Location"] == reverse("mfa_index")


def test_superusers_always_need_one(werkbedrijf, login_as, settings):
    settings.KOERS_SUPERUSER_SECOND_FACTOR = True
    assert not werkbedrijf.second_factor_required
    client = login_as("admin")
    assert client.get(reverse("home"))["Location"] == reverse("mfa_index")
    assert client.get("/admin/")["Location"] == reverse("mfa_index")


def test_signing_out_and_public_pages_stay_open_without_a_factor(werkbedrijf, login_as):
    _require(werkbedrijf)
    client = login_as("hr")
    assert client.get(reverse("password_reset")).status_code == 200
    assert client.post(reverse("logout"))["Location"] == reverse("login")
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))


def test_hr_enrols_totp_then_signs_in_with_password_and_code(werkbedrijf, client):
    _require(werkbedrijf)
    assert _sign_in(client, "hr") == reverse("home")
    assert client.get(reverse("home"))["Location"] == reverse("mfa_index")
    secret = _enrol_totp(client)
    assert Authenticator.objects.filter(user__username="hr", type="totp").exists()
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))

    # A later code (the one used to enrol cannot be used twice).
    with time_machine.travel(time.time() + 60, tick=True):
        assert _sign_in(client, "hr") == reverse("mfa_authenticate")
        # The password alone does not let HR in.
        assert client.get(reverse("home"))["Location"].startswith(reverse("login"))
        wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
        assert wrong.status_code == 200
        response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
        assert response.status_code == 302
        home = client.get(reverse("home"))
    assert home.status_code == 200
    assert "Welkom" in home.content.decode()


def test_a_recovery_code_works_once(werkbedrijf, client):
    _require(werkbedrijf)
    _sign_in(client, "hr")
    _enrol_totp(client)
    codes = RecoveryCodes(
        Authenticator.objects.get(user__username="hr", type="recovery_codes")
    ).get_unused_codes()
    assert len(codes) >= 10
    client.post(reverse("logout"))

    assert _sign_in(client, "hr") == reverse("mfa_authenticate")
    assert client.post(reverse("mfa_authenticate"), {"code": codes[0]}).status_code == 302
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))

    assert _sign_in(client, "hr") == reverse("mfa_authenticate")
    again = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert again.status_code == 200
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))


def test_changing_the_setting_is_an_audited_action_of_the_org_admin(werkbedrijf, users):
    admin = actor_for(users["admin"].employee)
    people.require_second_factor(admin, werkbedrijf, required=True, for_managers=True)
    werkbedrijf.refresh_from_db()
    assert werkbedrijf.second_factor_rule == SecondFactorRule.HR_ADMINS_AND_MANAGERS
    event = AuditEvent.objects.filter(
        organisation=werkbedrijf, verb="organisation.second_factor_changed"
    ).latest("pk")
    assert event.params == {"rule": "hr_admins_managers"}
    assert event.actor_id == users["admin"].employee.pk

    with pytest.raises(NotAllowed):
        people.require_second_factor(actor_for(users["hr"].employee), werkbedrijf, required=False)
    werkbedrijf.refresh_from_db()
    assert werkbedrijf.second_factor_required


def test_org_admin_switches_it_on_in_the_settings_page(werkbedrijf, login_as):
    client = login_as("admin")
    form = client.get(reverse("organisation-settings")).context["form"]
    data = {name: value for name, value in form.initial.items() if value not in (None, False)}
    data["second_factor_required"] = "on"
    response = client.post(reverse("organisation-settings"), data)
    assert response.status_code == 302
    werkbedrijf.refresh_from_db()
    assert werkbedrijf.second_factor_rule == SecondFactorRule.HR_AND_ADMINS
    assert AuditEvent.objects.filter(
        organisation=werkbedrijf, verb="organisation.second_factor_changed"
    ).exists()
    # And from now on the admin, too, is asked to enrol.
    assert client.get(reverse("home"))["Location"] == reverse("mfa_index")


def test_the_admin_login_cannot_skip_the_second_factor(werkbedrijf, client, settings):
    """Django admin's own login form asks only the password: it sends to Koers' login."""
    settings.KOERS_SUPERUSER_SECOND_FACTOR = True
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "admin", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
