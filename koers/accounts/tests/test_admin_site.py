"""Issue 10 item 10: the Django admin is for the provider's superusers only, and says so."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_staff_without_superuser_is_refused(users, login_as):
    hr = users["hr"]
    hr.is_staff = True  # staff status alone used to open the admin
    hr.save(update_fields=["is_staff"])
    client = login_as("hr")
    for url in (reverse("admin:index"), reverse("admin:organisations_employee_changelist")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    page = client.get(reverse("admin:login"), {"next": reverse("admin:index")}).content.decode()
    assert "maar niet bevoegd om deze pagina te bekijken" in page


def test_superuser_opens_the_admin_and_reads_who_it_is_for(users, login_as):
    assert users["admin"].is_superuser
    response = login_as("admin").get(reverse("admin:index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Koers — beheer door de aanbieder" in page
    assert "Alleen voor de superusers van de aanbieder van Koers." in page
