""" "Klopt niet" (AVG art. 16, issue 16 item 2): the person says a field is wrong, HR hears
of it, answers, and the person reads the answer. Driven through the pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from koers.audit.models import AuditEvent
from koers.followup.models import Notice, NoticeKind
from koers.followup.notice_texts import NoticeTexts
from koers.lib.errors import Refused
from koers.organisations.actors import actor_for
from koers.organisations.models import Employee
from koers.privacy import actions
from koers.privacy.choices import CorrectionStatus
from koers.privacy.models import CorrectionRequest

pytestmark = pytest.mark.django_db


def _kees() -> Employee:
    return Employee.objects.get(personnel_number="D-medewerker")


def test_a_wrong_function_reaches_hr_and_the_answer_reaches_the_employee(demo, login_as):
    kees = _kees()
    employee = login_as("medewerker")
    page = employee.get(reverse("privacy-mine")).content.decode()
    assert kees.function in page
    url = reverse("privacy-correct", args=["function"])
    assert url in page
    response = employee.post(url, {"proposed": "Monteur, niet inpakker"})
    assert response.status_code == 302 and response["Location"] == reverse("privacy-mine")
    request = CorrectionRequest.objects.get(employee=kees)
    assert (request.field, request.status) == ("function", CorrectionStatus.OPEN)
    assert AuditEvent.objects.filter(verb="correction.requested", employee=kees).count() == 1
    # HR is told, in plain words, with the person's name and the field.
    notice = Notice.objects.get(kind=NoticeKind.DATA_CORRECTION_ASKED)
    assert notice.recipient.is_hr and notice.link == reverse("privacy-corrections")
    text = NoticeTexts([notice]).text(notice)
    assert kees.full_name in text and "functie" in text.lower()
    # The page shows it waits, and a second request for the same field is refused.
    assert "HR kijkt ernaar" in employee.get(reverse("privacy-mine")).content.decode()
    again = employee.post(url, {"proposed": "Monteur"})
    assert again.status_code == 200 and "U heeft hier al om een correctie gevraagd" in (
        again.content.decode()
    )
    assert CorrectionRequest.objects.count() == 1

    hr = login_as("hr")
    listing = hr.get(reverse("privacy-corrections")).content.decode()
    detail_url = reverse("privacy-correction", args=[request.pk])
    assert detail_url in listing and kees.full_name in listing
    assert "Monteur, niet inpakker" in hr.get(detail_url).content.decode()
    # Declining needs a reason.
    refused = hr.post(detail_url, {"outcome": "declined", "answer": ""})
    assert refused.status_code == 200 and "Leg uit waarom" in refused.content.decode()
    assert CorrectionRequest.objects.get().status == CorrectionStatus.OPEN
    done = hr.post(detail_url, {"outcome": "declined", "answer": "Uw contract zegt inpakker."})
    assert done.status_code == 302
    request.refresh_from_db()
    assert request.status == CorrectionStatus.DECLINED and request.handled_by.is_hr
    answered = Notice.objects.get(kind=NoticeKind.DATA_CORRECTION_ANSWERED)
    assert answered.recipient_id == kees.pk
    assert "niet aangepast" in NoticeTexts([answered]).text(answered)
    mine = login_as("medewerker").get(reverse("privacy-mine")).content.decode()
    assert "Uw contract zegt inpakker." in mine and "Niet aangepast" in mine
    # Answered once: a second answer changes nothing.
    login_as("hr").post(detail_url, {"outcome": "corrected", "answer": ""})
    request.refresh_from_db()
    assert request.status == CorrectionStatus.DECLINED
    assert AuditEvent.objects.filter(verb="correction.handled").count() == 1


def test_refusals_change_nothing(demo, login_as):
    kees = _kees()
    actor = actor_for(kees)
    with pytest.raises(Refused):
        actions.request_correction(actor, kees, field="function", proposed="   ")
    # A field the organisation does not keep (optional fields are off by default).
    assert not kees.organisation.keeps_gender
    with pytest.raises(Refused):
        actions.request_correction(actor, kees, field="gender", proposed="vrouw")
    response = login_as("medewerker").get(reverse("privacy-correct", args=["gender"]))
    assert response.status_code == 404
    with pytest.raises(Refused):
        actions.request_correction(actor, kees, field="password", proposed="x")
    assert not CorrectionRequest.objects.exists()
    assert not AuditEvent.objects.filter(verb="correction.requested").exists()


def test_only_the_person_asks_and_only_hr_answers(demo, login_as):
    from koers.lib.errors import NotAllowed

    kees = _kees()
    manager = actor_for(Employee.objects.get(personnel_number="D-manager"))
    with pytest.raises(NotAllowed):
        actions.request_correction(manager, kees, field="function", proposed="Monteur")
    request = actions.request_correction(actor_for(kees), kees, field="other", proposed="Team")
    with pytest.raises(NotAllowed):
        actions.handle_correction(manager, request, corrected=True)
    url = reverse("privacy-correction", args=[request.pk])
    assert login_as("manager").get(url).status_code == 403
    assert login_as("hr2").get(url).status_code == 404
    assert login_as("medewerker").get(url).status_code == 403


def test_the_request_goes_with_the_file(demo):
    """Retention and the export read the register: the request is there."""
    from koers.privacy import register

    table = register.table_of(CorrectionRequest)
    assert table.person == "employee" and "proposed" in table.personal
