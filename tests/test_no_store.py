"""Issue 10 item 10: pages, PDFs, calendar files and exports with personal data are sent with
``Cache-Control: no-store``; static files are cacheable as before."""

from __future__ import annotations

import pytest
from django.urls import reverse

from koers.testing import talk_with_kees

pytestmark = pytest.mark.django_db


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.parametrize(
    ("user", "url_name"),
    [
        ("medewerker", "home"),  # a page
        ("medewerker", "plan-blank-pdf"),  # a PDF
        ("hr", "plan-export-csv"),  # exports
        ("hr", "people-export-xlsx"),
    ],
)
def test_signed_in_responses_are_not_stored(demo, login_as, user, url_name):
    response = login_as(user).get(reverse(url_name))
    assert response.status_code == 200
    assert no_store(response), response.get("Cache-Control")


def test_invitation_and_letter_are_not_stored(demo, login_as):
    talk = talk_with_kees()
    client = login_as("medewerker")
    for url_name in ("conversation-ics", "conversation-letter"):
        response = client.get(reverse(url_name, args=[talk.pk]))
        assert response.status_code == 200
        assert no_store(response)


def test_refusals_are_not_stored_either(demo, login_as):
    response = login_as("medewerker").get(reverse("plan-export-csv"))
    assert response.status_code == 403
    assert no_store(response)


def test_static_files_stay_cacheable(demo, users):
    from django.test import Client, override_settings

    # WhiteNoise answers static files before the middleware sees them (here from the
    # finders: the test run has no collected files).
    with override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True):
        client = Client()
        client.force_login(users["medewerker"], backend="django.contrib.auth.backends.ModelBackend")
        response = client.get("/static/koers/koers.css")
    assert response.status_code == 200
    assert not no_store(response)
