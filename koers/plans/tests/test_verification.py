"""A signed POP changed in the database after signing (the trigger dropped, raw SQL) is said
plainly on every read path: the plan page, HR's personnel file, the versions, the PDFs."""

import pytest
from django.urls import reverse

from koers.signing import services as signing
from koers.testing import tamper_with

from .test_plans import kees_plan

pytestmark = pytest.mark.django_db

WARNING = "Let op: deze versie is gewijzigd na ondertekening"


@pytest.fixture
def tampered(plans_demo):
    plan = kees_plan()
    version = signing.latest_version(plan)
    assert version.is_signed and signing.verify(version)
    snapshot = version.snapshot
    snapshot["categories"][1]["points"][0]["title"] = "Iets wat nooit getekend is"
    tamper_with(version, snapshot)
    return plan


def _page(client, name, *args) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def test_an_intact_version_has_no_warning(plans_demo, login_as, pdf_text):
    plan = kees_plan()
    client = login_as("manager")
    assert WARNING not in _page(client, "plan-detail", plan.pk)
    assert WARNING not in pdf_text(client.get(reverse("plan-version-pdf", args=[plan.pk, 1])))


@pytest.mark.parametrize("who", ["manager", "medewerker", "hr"])
def test_the_plan_page_says_so(tampered, login_as, who):
    assert WARNING in _page(login_as(who), "plan-detail", tampered.pk)


def test_the_versions_say_so(tampered, login_as):
    page = _page(login_as("medewerker"), "plan-versions", tampered.pk)
    assert WARNING in page and "ongewijzigd" not in page


@pytest.mark.parametrize("who", ["medewerker", "hr"])
def test_the_pdfs_say_so(tampered, login_as, pdf_text, who):
    client = login_as(who)
    for url in (
        reverse("plan-version-pdf", args=[tampered.pk, 1]),
        reverse("plan-pdf", args=[tampered.pk]),
    ):
        text = " ".join(pdf_text(client.get(url)).split())
        assert WARNING in text, url
        assert "controle: KLOPT NIET" in text


def test_the_check_is_logged_where_the_audit_event_goes(tampered, login_as, caplog):
    with caplog.at_level("WARNING", logger="koers.signing.sealing"):
        login_as("hr").get(reverse("plan-detail", args=[tampered.pk]))
    assert "does not verify" in caplog.text
