"""The works-council page (issue 16 item 4): made from the live configuration."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from koers.organisations.models import Organisation
from koers.privacy.works_council import page_for

pytestmark = pytest.mark.django_db


def _page(organisation: Organisation) -> str:
    response = Client().get(reverse("privacy-page", args=[organisation.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_follows_the_settings(demo, login_as):
    before = _page(demo)
    assert "wordt 2 jaar na uit dienst verwijderd" in before
    assert "Geboortedatum, geboorteplaats: wordt niet bewaard" in before
    client = login_as("admin")
    form = client.get(reverse("organisation-settings")).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data |= {"retention_years": 5, "keeps_birth": "on", "revision": demo.revision}
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
    response = client.post(reverse("organisation-settings"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    after = _page(Organisation.objects.get(pk=demo.pk))
    assert "wordt 5 jaar na uit dienst verwijderd" in after
    assert "Geboortedatum, geboorteplaats: <strong>wordt bewaard</strong>" in after


def test_who_sees_what_comes_from_the_read_rules(full_demo):
    rows = {row.label: row.readers for row in page_for(full_demo).rows}
    # A talk's working notes: the manager's alone (001); a POP: the file's readers.
    assert rows["aantekeningen van gesprekken"] == {
        "self": "none",
        "manager": "all",
        "colleague": "none",
        "hr": "none",
        "admin": "none",
    }
    assert rows["ontwikkelplannen (POP)"] == {
        "self": "all",
        "manager": "all",
        "colleague": "none",
        "hr": "all",
        "admin": "none",
    }
    # The card: HR never sees it whole; colleagues only what was shared.
    assert rows["gesprekskaarten"]["hr"] == "none"
    assert rows["punten op de kaart"]["colleague"] == "some"


def test_a_signed_in_person_goes_to_their_own_organisation(demo, login_as):
    response = login_as("medewerker").get(reverse("privacy-home"))
    assert response["Location"] == reverse("privacy-page", args=[demo.slug])
    assert Client().get(reverse("privacy-page", args=["bestaat-niet"])).status_code == 404
