"""Every read that touches someone's file is in their dossier log (issue 16, item 3): the
card, the shared preparation, the person page and the exports that hold them. Each test
opens the page the way a person does and reads the owner's "Wie keek in mijn dossier?"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from koers.audit.models import AuditEvent
from koers.cards.models import Card
from koers.conversations.models import Conversation
from koers.organisations.models import Employee

pytestmark = pytest.mark.django_db


def _kees() -> Employee:
    return Employee.objects.get(personnel_number="D-medewerker")


def _reads_in_log(login_as, who: str = "medewerker") -> list[tuple[str, str]]:
    """(verb, actor's personnel number) of the reads on the owner's page, newest first."""
    page = login_as(who).get(reverse("dossier-log"), {"wat": "inzage"}).context["page"]
    return [(e.verb, e.actor.personnel_number if e.actor else "") for e in page.object_list]


def _last_read(verb: str) -> AuditEvent | None:
    return AuditEvent.objects.filter(verb=verb).order_by("-seq").first()


def test_the_manager_opening_the_card_is_in_the_employee_log(full_demo, login_as):
    kees = _kees()
    assert Card.objects.filter(employee=kees).exists()
    manager = login_as("manager")
    assert manager.get(reverse("card-detail", args=[kees.pk])).status_code == 200
    assert manager.get(reverse("card-pdf", args=[kees.pk])).status_code == 200
    reads = _reads_in_log(login_as)
    assert reads[:2] == [("card.downloaded", "D-manager"), ("card.read", "D-manager")]
    page = login_as("medewerker").get(reverse("dossier-log")).content.decode()
    assert "heeft de gesprekskaart van" in page and "(uw leidinggevende)" in page


def test_hr_opening_the_person_page_is_in_their_log(full_demo, login_as):
    kees = _kees()
    assert login_as("hr").get(reverse("person-detail", args=[kees.pk])).status_code == 200
    assert _reads_in_log(login_as)[0] == ("person.read", "D-hr")


def test_the_manager_reading_the_shared_preparation_is_in_the_log(full_demo, login_as):
    kees = _kees()
    conversation = (
        Conversation.objects.filter(employee=kees, employee_shared_at__isnull=False)
        .order_by("-starts_at")
        .first()
    )
    assert conversation is not None, "the demo has a shared preparation"
    manager = login_as("manager")
    response = manager.get(reverse("conversation-prepare", args=[conversation.pk]))
    assert response.status_code == 200
    event = _last_read("preparation.read")
    assert event is not None and event.employee_id == kees.pk
    assert _reads_in_log(login_as)[0] == ("preparation.read", "D-manager")


def test_an_unshared_preparation_is_not_read(full_demo, login_as):
    kees = _kees()
    Conversation.objects.filter(employee=kees).update(employee_shared_at=None)
    conversation = Conversation.objects.filter(employee=kees).order_by("-starts_at").first()
    login_as("manager").get(reverse("conversation-prepare", args=[conversation.pk]))
    assert _last_read("preparation.read") is None or (
        _last_read("preparation.read").employee_id != kees.pk
    )


@pytest.mark.parametrize("url_name", ["plan-export-csv", "people-export-csv"])
def test_an_export_is_one_event_listing_everyone_in_it(full_demo, login_as, url_name):
    before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    response = login_as("hr").get(reverse(url_name))
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    new = AuditEvent.objects.filter(pk__gt=before)
    exports = [e for e in new if e.verb.endswith(".exported")]
    assert len(exports) == 1
    listed = set(exports[0].people.values_list("employee__personnel_number", flat=True))
    assert exports[0].params["count"] == len(listed) > 0
    # Everyone listed is in the file, and everyone in the file is listed.
    text = body.decode("utf-8-sig")
    numbers_in_file = {
        number
        for number in Employee.objects.filter(organisation=full_demo).values_list(
            "personnel_number", flat=True
        )
        if f"{number};" in text
    }
    assert listed == numbers_in_file
    assert "D-medewerker" in listed
    assert _reads_in_log(login_as)[0][0] == exports[0].verb
