"""003 Dossierbeheer: the manager writes the report, the employee reads and chooses, the
manager signs; signed versions are frozen with their hash; corrections are new versions; PDFs;
every read is logged; HR reads signed reports only."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from koers.audit.models import AuditEvent
from koers.conversations import reports, talk
from koers.conversations.actions import planning
from koers.conversations.actions import rating as rating_actions
from koers.conversations.actions import report as report_actions
from koers.conversations.actions import talk as talk_actions
from koers.conversations.models import Conversation, Report, Status
from koers.lib.errors import NotAllowed
from koers.organisations.actors import actor_for
from koers.organisations.models import Employee
from koers.signing import services as signing
from koers.signing.models import Choice, VersionStatus
from koers.testing import default_types, state_of

from .test_talk import SMART_AGREEMENT

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(demo, kees, sanne, now) -> Conversation:
    """A talk with Kees that was held: notes, one SMART agreement, a prefilled report."""
    conversation = planning.plan_conversation(
        actor_for(sanne),
        employee=kees,
        conversation_type=default_types(demo)[0],
        starts_at=now + datetime.timedelta(days=15),
        duration_minutes=60,
        place="Spreekkamer 2",
        base_url="http://testserver/",
        send_email=False,
    )
    manager = actor_for(sanne)
    talk_actions.save_phase(manager, conversation, "opening", {"opening": "Welkom en doel."})
    talk_actions.save_phase(
        manager,
        conversation,
        "closing",
        {"next_date": datetime.date(2027, 3, 1)},
    )
    values = {**SMART_AGREEMENT, "deadline": datetime.date(2026, 12, 1)}
    talk_actions.save_agreement(manager, conversation, **values)
    talk_actions.finish_talk(manager, conversation, held_earlier=True)
    conversation.refresh_from_db()
    return conversation


def _url(name: str, conversation: Conversation, *args) -> str:
    return reverse(name, args=[conversation.pk, *args])


def _report(conversation: Conversation) -> Report:
    return Report.objects.get(conversation=conversation)


def test_report_is_prefilled_from_the_talk(login_as, held):
    report = _report(held)
    assert report.summary == "Welkom en doel."
    assert "volgende gesprek is rond 01-03-2027" in report.closing
    rating_actions.rate_talk(actor_for(held.employee), held, score=4, comment="Prettig")
    page = login_as("manager").get(_url("conversation-report", held)).content.decode()
    assert "Welkom en doel." in page
    assert "Tekening lezen" in page
    assert "4 van 5" in page
    assert "Schrijf geen gezondheidsgegevens op" in page


def test_employee_does_not_read_the_draft(login_as, held):
    page = login_as("medewerker").get(_url("conversation-report", held)).content.decode()
    assert "Uw leidinggevende schrijft het verslag" in page
    assert "Welkom en doel." not in page


def _submit(client, conversation, **sections):
    data = {
        "summary": "Welkom en doel.",
        "evaluation": "",
        "information": "Kees wil voorman worden.",
        "planning": "",
        "closing": "Goed gesprek.",
        "action": "submit",
        **sections,
    }
    return client.post(_url("conversation-report", conversation), data)


def test_full_signing_path(login_as, held, kees):
    _submit(login_as("manager"), held)
    held.refresh_from_db()
    assert held.status == Status.REPORTED
    assert state_of(_report(held)) == VersionStatus.TO_SIGN

    client = login_as("medewerker")
    page = client.get(_url("conversation-report", held)).content.decode()
    assert "Kees wil voorman worden." in page
    assert "Lezen en kiezen" in page
    client.post(_url("conversation-report-sign", held), {"choice": Choice.AGREED})
    assert state_of(_report(held)) == VersionStatus.EMPLOYEE_SIGNED

    client = login_as("manager")
    client.post(_url("conversation-report-sign", held), {"choice": Choice.AGREED})
    held.refresh_from_db()
    assert held.status == Status.SIGNED
    version = signing.latest_version(_report(held))
    assert version.is_signed and signing.verify(version)
    signatures = {s.party: s for s in version.signatures.all()}
    assert signatures["employee"].signed_by == kees
    assert signatures["manager"].signed_hash == version.content_hash
    assert version.snapshot["sections"]["information"] == "Kees wil voorman worden."
    assert version.snapshot["agreements"][0]["title"] == "Tekening lezen"


def test_manager_cannot_sign_before_the_employee(login_as, held):
    client = login_as("manager")
    _submit(client, held)
    client.post(_url("conversation-report-sign", held), {"choice": Choice.AGREED})
    assert state_of(_report(held)) == VersionStatus.TO_SIGN


def test_voor_gezien_needs_a_remark_that_becomes_part_of_the_signed_version(login_as, held):
    _submit(login_as("manager"), held)
    client = login_as("medewerker")
    response = client.post(_url("conversation-report-sign", held), {"choice": Choice.SEEN})
    assert response.status_code == 200
    assert "Schrijf kort waarom." in response.content.decode()
    client.post(
        _url("conversation-report-sign", held),
        {"choice": Choice.SEEN, "remark": "Ik wil eerder beginnen."},
    )
    login_as("manager").post(_url("conversation-report-sign", held), {"choice": Choice.AGREED})
    version = signing.latest_version(_report(held))
    assert version.snapshot["employee_remark"] == "Ik wil eerder beginnen."
    assert signing.verify(version)


def test_correction_requested_goes_back_to_the_manager_as_a_new_version(login_as, held):
    _submit(login_as("manager"), held)
    login_as("medewerker").post(
        _url("conversation-report-sign", held),
        {"choice": Choice.CORRECTION, "remark": "De cursus is in werktijd."},
    )
    held.refresh_from_db()
    assert held.status == Status.HELD
    report = _report(held)
    assert state_of(report) == VersionStatus.DRAFT
    client = login_as("manager")
    page = client.get(_url("conversation-report", held)).content.decode()
    assert "vraagt om een correctie" in page and "De cursus is in werktijd." in page
    _submit(client, held, closing="De cursus is in werktijd.")
    versions = list(signing.versions_of(report).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].status == VersionStatus.CORRECTION
    assert versions[1].status == VersionStatus.TO_SIGN
    assert versions[1].snapshot["sections"]["closing"] == "De cursus is in werktijd."


def _sign_both(held) -> Report:
    report = _report(held)
    manager = actor_for(held.manager)
    report_actions.submit_report(manager, report)
    report_actions.sign_report(actor_for(held.employee), report, Choice.AGREED)
    report_actions.sign_report(manager, report, Choice.AGREED)
    return report


def test_signed_report_cannot_change(login_as, held):
    report = _sign_both(held)
    before = signing.latest_version(report)
    client = login_as("manager")
    response = _submit(client, held, summary="Stiekem anders.", action="save")
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.summary == "Welkom en doel."
    after = signing.latest_version(report)
    assert (after.pk, after.content_hash) == (before.pk, before.content_hash)
    with pytest.raises(reports.ReportSigned):
        report_actions.save_report(actor_for(held.manager), report, summary="x")
    # The talk's notes and agreements are read-only too.
    response = client.post(
        reverse("conversation-talk-phase", args=[held.pk, "opening"]), {"opening": "Anders"}
    )
    assert talk.notes_of(held).opening == "Welkom en doel."
    assert client.get(reverse("conversation-agreement-add", args=[held.pk])).status_code == 404


def test_correction_after_signing_is_version_2_and_version_1_stays(login_as, held, kees):
    report = _sign_both(held)
    first = signing.latest_version(report)
    first_hash, first_snapshot = first.content_hash, first.snapshot
    client = login_as("manager")
    client.post(_url("conversation-report-correct", held))
    held.refresh_from_db()
    assert held.status == Status.HELD
    _submit(client, held, summary="Gecorrigeerd.")
    login_as("medewerker").post(_url("conversation-report-sign", held), {"choice": Choice.AGREED})
    login_as("manager").post(_url("conversation-report-sign", held), {"choice": Choice.AGREED})

    v1, v2 = signing.versions_of(report).order_by("number")
    assert v1.pk == first.pk and v1.content_hash == first_hash and v1.snapshot == first_snapshot
    assert signing.verify(v1) and signing.verify(v2)
    assert v2.snapshot["sections"]["summary"] == "Gecorrigeerd."
    assert v2.is_signed and v2.content_hash != v1.content_hash
    assert {s.version_id for s in v2.signatures.all()} == {v2.pk}
    assert v1.signatures.count() == 2
    # Version 1 still prints as it was signed.
    response = login_as("medewerker").get(_url("conversation-report-version-pdf", held, 1))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_employee_downloads_the_signed_pdf_and_reads_are_logged(login_as, held, kees):
    report = _sign_both(held)
    client = login_as("medewerker")
    client.get(_url("conversation-report", held))
    response = client.get(_url("conversation-report-pdf", held))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    events = AuditEvent.objects.filter(
        subject_type=ContentType.objects.get_for_model(Report), subject_id=report.pk
    )
    verbs = set(events.filter(actor=kees, employee=kees).values_list("verb", flat=True))
    assert {"report.read", "report.downloaded"} <= verbs
    log = client.get(reverse("dossier-log")).content.decode()
    assert "heeft het gespreksverslag bekeken" in log
    assert "heeft versie 1 van het gespreksverslag gedownload (pdf)" in log


def test_hr_reads_signed_reports_only(login_as, held):
    client = login_as("hr")
    assert client.get(_url("conversation-report", held)).status_code == 404
    assert client.get(_url("conversation-report-pdf", held)).status_code == 404
    _sign_both(held)
    page = client.get(_url("conversation-report", held)).content.decode()
    assert "Welkom en doel." in page
    assert client.get(_url("conversation-report-pdf", held)).status_code == 200
    # HR reads the report, never the talk's notes page or the preparation.
    assert client.get(reverse("conversation-talk", args=[held.pk])).status_code == 404
    assert client.get(reverse("conversation-prepare", args=[held.pk])).status_code == 404


def test_hr_does_not_see_a_correction_in_progress(login_as, held):
    report = _sign_both(held)
    report_actions.start_correction(actor_for(held.manager), report)
    report_actions.save_report(actor_for(held.manager), report, summary="Concepttekst v2")
    page = login_as("hr").get(_url("conversation-report", held)).content.decode()
    assert "Welkom en doel." in page and "Concepttekst v2" not in page


def test_employee_cannot_edit_or_correct(login_as, held):
    _sign_both(held)
    client = login_as("medewerker")
    assert _submit(client, held, action="save").status_code == 403
    assert client.post(_url("conversation-report-correct", held)).status_code == 403


def test_manager_pdf_of_a_draft_is_a_concept(login_as, held):
    response = login_as("manager").get(_url("conversation-report-pdf", held))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert login_as("medewerker").get(_url("conversation-report-pdf", held)).status_code == 404


def test_report_before_the_talk_says_so(login_as, demo, kees, sanne, now):
    conversation = planning.plan_conversation(
        actor_for(sanne),
        employee=kees,
        conversation_type=default_types(demo)[0],
        starts_at=now + datetime.timedelta(days=15),
        duration_minutes=60,
        place="x",
        base_url="http://testserver/",
        send_email=False,
    )
    page = login_as("manager").get(_url("conversation-report", conversation)).content.decode()
    assert "Rond eerst het gesprek af" in page


def test_report_page_query_count(login_as, held, django_assert_max_num_queries):
    _sign_both(held)
    for who in ("manager", "medewerker", "hr"):
        client = login_as(who)
        with django_assert_max_num_queries(30):
            assert client.get(_url("conversation-report", held)).status_code == 200


def test_lists_show_to_report_to_sign_and_done(login_as, held):
    from koers.conversations.queries import TO_SIGN

    client = login_as("manager")
    overview = client.get(reverse("conversation-list")).context["overview"]
    assert held in overview.by_status[Status.HELD]
    assert "Verslag schrijven" in client.get(reverse("conversation-list")).content.decode()

    report = _report(held)
    report_actions.submit_report(actor_for(held.manager), report)
    overview = client.get(reverse("conversation-list")).context["overview"]
    assert held in overview.by_status[Status.REPORTED]

    employee = login_as("medewerker")
    response = employee.get(reverse("conversation-list"))
    assert response.context["reports_to_sign"] == [held]
    assert "Verslagen om te tekenen" in response.content.decode()

    report_actions.sign_report(actor_for(held.employee), report, Choice.AGREED)
    assert login_as("medewerker").get(reverse("conversation-list")).context["reports_to_sign"] == []
    overview = login_as("manager").get(reverse("conversation-list")).context["overview"]
    assert held in overview.by_status[TO_SIGN]

    report_actions.sign_report(actor_for(held.manager), report, Choice.AGREED)
    overview = login_as("manager").get(reverse("conversation-list")).context["overview"]
    assert held in overview.by_status[Status.SIGNED]


def test_manager_withdraws_before_the_employee_chose(login_as, held):
    client = login_as("manager")
    _submit(client, held)
    client.post(_url("conversation-report", held), {"action": "withdraw"})
    report = _report(held)
    version = signing.latest_version(report)
    assert (version.number, version.status, version.snapshot) == (1, VersionStatus.DRAFT, None)
    held.refresh_from_db()
    assert held.status == Status.HELD
    _submit(client, held, summary="Beter.")
    login_as("medewerker").post(_url("conversation-report-sign", held), {"choice": Choice.AGREED})
    response = login_as("manager").post(_url("conversation-report", held), {"action": "withdraw"})
    assert response.status_code == 302
    assert signing.latest_version(report).status == VersionStatus.EMPLOYEE_SIGNED


# --- signed on paper -----------------------------------------------------------------------


def _paper(**overrides):
    from django.utils import timezone

    return {"signed_on": timezone.localdate().isoformat(), "choice": "agreed", **overrides}


def test_report_signed_on_paper_ends_signed_like_online(login_as, held, kees, sanne, pdf_text):
    client = login_as("manager")
    _submit(client, held)
    report = _report(held)
    frozen_hash = signing.latest_version(report).content_hash
    page = client.get(_url("conversation-report", held)).content.decode()
    assert "Getekend op papier?" in page
    flat = " ".join(pdf_text(client.get(_url("conversation-report-version-pdf", held, 1))).split())
    assert "Paraaf: ______" in flat and "☐ akkoord ☐ voor gezien ☐ correctie gevraagd" in flat

    response = client.post(
        _url("conversation-report-sign-paper", held),
        _paper(choice=Choice.SEEN, remark="Ik wil eerst meelopen."),
    )
    assert response.status_code == 302
    version = signing.latest_version(report)
    assert version.status == VersionStatus.EMPLOYEE_SIGNED
    signature = version.employee_signature
    assert (signature.signed_by, signature.recorded_by) == (kees, sanne)
    assert signature.is_on_paper and signature.signed_hash == version.content_hash
    assert version.content_hash != frozen_hash  # voor gezien: the remark is in the version
    client.post(_url("conversation-report-sign", held), {"choice": Choice.AGREED})
    held.refresh_from_db()
    assert held.status == Status.SIGNED
    version = signing.latest_version(report)
    assert version.is_signed and signing.verify(version)
    assert version.snapshot["employee_remark"] == "Ik wil eerst meelopen."

    page = client.get(_url("conversation-report", held)).content.decode()
    assert "op papier getekend op" in page and "ingevoerd door Sanne de Vries" in page
    flat = " ".join(pdf_text(client.get(_url("conversation-report-pdf", held))).split())
    assert "op papier getekend op" in flat and "ingevoerd door Sanne de Vries" in flat
    assert "☐ akkoord" not in flat
    # Kees has a login: he sees it in the log of his file.
    log = login_as("medewerker").get(reverse("dossier-log")).content.decode()
    assert (
        "heeft de handtekening op papier voor versie 1 van het gespreksverslag ingevoerd: "
        "voor gezien, getekend op"
    ) in log
    assert "Sanne de Vries" in log


def test_no_paper_signature_for_a_report_signed_online(login_as, held):
    _submit(login_as("manager"), held)
    login_as("medewerker").post(_url("conversation-report-sign", held), {"choice": Choice.AGREED})
    response = login_as("manager").post(_url("conversation-report-sign-paper", held), _paper())
    assert response.status_code == 302
    version = signing.latest_version(_report(held))
    assert version.status == VersionStatus.EMPLOYEE_SIGNED
    assert not version.employee_signature.is_on_paper


def test_paper_signature_of_a_report_is_for_the_current_manager_only(login_as, held):
    _submit(login_as("manager"), held)
    assert (
        login_as("hr").post(_url("conversation-report-sign-paper", held), _paper()).status_code
        == 404
    )
    assert (
        login_as("medewerker").post(_url("conversation-report-sign-paper", held), _paper())
    ).status_code == 403
    assert (
        login_as("collega").post(_url("conversation-report-sign-paper", held), _paper())
    ).status_code == 404
    with pytest.raises(NotAllowed):
        report_actions.record_paper_signature(
            actor_for(Employee.objects.get(personnel_number="D-hr")),
            _report(held),
            Choice.AGREED,
            signed_on=datetime.date(2026, 3, 2),
        )
    assert signing.latest_version(_report(held)).status == VersionStatus.TO_SIGN


def test_another_teams_manager_cannot_enter_a_paper_signature(login_as, held):
    from koers.organisations.models import Team

    _submit(login_as("manager"), held)
    other = Team.objects.get(name="Verpakken").managers.first()
    with pytest.raises(NotAllowed):
        report_actions.record_paper_signature(
            actor_for(other), _report(held), Choice.AGREED, signed_on=datetime.date(2026, 3, 2)
        )


# --- a version changed after signing ---------------------------------------------------------

CHANGED = "Let op: deze versie is gewijzigd na ondertekening"


def test_a_report_changed_in_the_database_says_so_on_the_page_and_in_the_pdf(
    login_as, held, pdf_text
):
    from koers.testing import tamper_with

    report = _sign_both(held)
    client = login_as("medewerker")
    assert CHANGED not in client.get(_url("conversation-report", held)).content.decode()
    version = signing.latest_version(report)
    tamper_with(version, {**version.snapshot, "sections": {"summary": "Nooit zo gezegd."}})
    for who in ("medewerker", "manager", "hr"):
        page = login_as(who).get(_url("conversation-report", held)).content.decode()
        assert CHANGED in page, who
    client = login_as("medewerker")
    for url in (
        _url("conversation-report-pdf", held),
        _url("conversation-report-version-pdf", held, 1),
    ):
        assert CHANGED in " ".join(pdf_text(client.get(url)).split()), url
    versions = client.get(_url("conversation-report-versions", held)).content.decode()
    assert CHANGED in versions


@pytest.mark.parametrize(
    "refused",
    [
        {"choice": Choice.SEEN, "remark": ""},  # voor gezien without the remark
        {"choice": Choice.CORRECTION, "remark": ""},  # correctie without the explanation
        {"signed_on": "2099-01-01"},  # in the future
        {"signed_on": "2000-01-01"},  # before the version was put out to sign
        {"signed_on": "31-02-2026"},  # no such date
        {"choice": "maybe"},  # no such choice
    ],
)
def test_refused_paper_signature_changes_nothing(login_as, held, refused):
    """Issue 10: a refused submission of the paper-signing form wrote to the database."""
    from koers.testing import assert_no_writes

    client = login_as("manager")
    _submit(client, held)
    client.get(_url("conversation-report-sign-paper", held))
    with assert_no_writes():
        response = client.post(_url("conversation-report-sign-paper", held), _paper(**refused))
    assert response.status_code == 200
    assert signing.latest_version(_report(held)).status == VersionStatus.TO_SIGN


@pytest.mark.parametrize("user", ["hr", "medewerker", "collega", "hr2", "admin"])
def test_paper_signature_by_someone_else_changes_nothing(login_as, held, user):
    from koers.testing import assert_no_writes

    _submit(login_as("manager"), held)
    client = login_as(user)
    with assert_no_writes():
        response = client.post(_url("conversation-report-sign-paper", held), _paper())
    assert response.status_code in (403, 404)


@pytest.mark.parametrize("submitted", [False, True])
def test_paper_signature_when_nothing_waits_changes_nothing(login_as, held, submitted):
    from koers.testing import assert_no_writes

    client = login_as("manager")
    if submitted:
        _submit(client, held)
        login_as("medewerker").post(
            _url("conversation-report-sign", held), {"choice": Choice.AGREED}
        )
        client = login_as("manager")
    with assert_no_writes():
        response = client.post(_url("conversation-report-sign-paper", held), _paper())
    assert response.status_code == 302
