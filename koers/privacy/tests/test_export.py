""" "Alles over mij" (AVG art. 15, issue 16 item 2): the ZIP holds the person's data and
nobody else's."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.urls import reverse

from koers.audit.models import AuditEvent
from koers.organisations.models import Employee
from koers.signing.models import Version, VersionStatus

pytestmark = pytest.mark.django_db


def _download(client) -> zipfile.ZipFile:
    response = client.post(reverse("privacy-export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="alles-over-mij-')
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_the_zip_holds_everything_of_mine_and_nothing_of_others(full_demo, login_as):
    kees = Employee.objects.get(user__username="medewerker")
    others = Employee.objects.exclude(pk=kees.pk).exclude(team=None)
    archive = _download(login_as("medewerker"))
    names = set(archive.namelist())
    assert {"overzicht.pdf", "gegevens.json", "uitleg.txt", "wie-keek.txt"} <= names
    assert archive.read("overzicht.pdf").startswith(b"%PDF-")
    signed = Version.objects.filter(employee=kees, status=VersionStatus.SIGNED).count()
    pdfs = [n for n in names if n.startswith("getekend/")]
    assert signed and len(pdfs) == signed
    assert all(archive.read(n).startswith(b"%PDF-") for n in pdfs)
    data = json.loads(archive.read("gegevens.json"))
    kinds = {kind["kind"]: kind["rows"] for kind in data["kinds"]}
    # Every kind of data the demo gives Kees, with his rows.
    for kind in (
        "organisations.Employee",
        "accounts.User",
        "conversations.Conversation",
        "conversations.Answer",
        "plans.DevelopmentPlan",
        "plans.Activity",
        "signing.Version",
        "signing.Signature",
        "cards.Card",
        "cards.CardItem",
        "followup.Notice",
    ):
        assert kinds.get(kind), f"{kind} is missing from the export"
    assert kinds["organisations.Employee"][0]["personnel_number"] == kees.personnel_number
    # The manager's working notes of a talk stay the manager's; secrets never leave.
    assert "conversations.TalkNotes" not in kinds or kinds["conversations.TalkNotes"] == []
    text = json.dumps(data)
    assert "pbkdf2" not in text and '"password"' not in text
    colleagues = others.exclude(led_teams=kees.team)  # his manager's name is on his papers
    for other in colleagues:
        for value in (other.personnel_number, other.email, other.full_name):
            assert not value or f'"{value}"' not in text, f"{other.full_name} is in the export"
    # The access log, in plain words, and the download itself is in it afterwards.
    assert data["access_log"] and archive.read("wie-keek.txt").decode().strip()
    assert AuditEvent.objects.filter(verb="file.exported", employee=kees).count() == 1


def test_only_by_post_and_only_one_s_own(demo, login_as, client):
    assert login_as("medewerker").get(reverse("privacy-export")).status_code == 405
    anonymous = client.__class__().post(reverse("privacy-export"))
    assert anonymous.status_code == 302


def test_hr_makes_the_export_on_request_without_what_hr_may_not_read(full_demo, login_as):
    from koers.cards.models import CardItem, Theme
    from koers.conversations.models import Answer

    kees = Employee.objects.get(user__username="medewerker")
    gezond = CardItem.objects.filter(card__employee=kees, theme=Theme.GEZOND)
    assert gezond.exists(), "the demo has a gezond item on Kees's card"
    hr = login_as("hr")
    person_page = hr.get(reverse("person-detail", args=[kees.pk])).content.decode()
    assert reverse("privacy-export-person", args=[kees.pk]) in person_page
    response = hr.post(reverse("privacy-export-person", args=[kees.pk]))
    assert response.status_code == 200
    assert (
        f'filename="alles-over-{kees.personnel_number.lower()}-' in response["Content-Disposition"]
    )
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("gegevens.json"))
    kinds = {kind["kind"]: kind["rows"] for kind in data["kinds"]}
    assert kinds["organisations.Employee"][0]["personnel_number"] == kees.personnel_number
    assert kinds.get("plans.DevelopmentPlan"), "HR reads the POP"
    text = json.dumps(data, ensure_ascii=False)
    for item in gezond:
        assert item.what not in text, "a gezond item reached HR"
    for answer in Answer.objects.filter(conversation__employee=kees).exclude(text=""):
        assert answer.text not in text, "a preparation answer reached HR"
    assert "HR heeft dit bestand op uw verzoek gemaakt" in archive.read("uitleg.txt").decode()
    event = AuditEvent.objects.get(verb="file.exported_on_request")
    assert event.employee_id == kees.pk and event.actor.user.username == "hr"
    # In Kees's own log, in plain words.
    log = login_as("medewerker").get(reverse("dossier-log")).content.decode()
    assert "heeft alles over de medewerker gedownload, op verzoek" in log


def test_only_hr_of_the_organisation_makes_it_for_someone_else(full_demo, login_as):
    kees = Employee.objects.get(user__username="medewerker")
    url = reverse("privacy-export-person", args=[kees.pk])
    assert login_as("manager").post(url).status_code == 403
    assert login_as("hr2").post(url).status_code == 404
    assert login_as("hr").get(url).status_code == 405
    assert not AuditEvent.objects.filter(verb="file.exported_on_request").exists()
