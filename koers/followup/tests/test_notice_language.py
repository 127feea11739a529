"""Notices in the reader's language: a notice stores a kind and parameters, never a sentence;
the notifications page renders it in the language of whoever reads it, and ``koers remind``
mails it in the recipient's (Dutch, the organisation default, without a login). Rows from
before migration 0002 keep the sentence they were written with."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from koers.followup.models import Notice, NoticeKind
from koers.organisations.models import Employee, Organisation
from koers.plans.demo import KEES
from koers.plans.models import Activity

pytestmark = pytest.mark.django_db

LATE_BY = datetime.timedelta(days=3)


def person(number: str) -> Employee:
    return Employee.objects.get(organisation__slug="demo-werkbedrijf", personnel_number=number)


def course_three_days_late() -> tuple[Activity, str, str]:
    """Kees's Heftruckcertificaat should have started three days ago: a notice to Kees and to
    his manager. Returns the course and its start date as Dutch and English write it."""
    course = Activity.objects.get(
        point__plan__employee__personnel_number=KEES, description="Heftruckcertificaat"
    )
    start = timezone.localdate() - LATE_BY
    Activity.objects.filter(pk=course.pk).update(period_from=start)
    with translation.override("nl"):
        dutch = date_format(start, "j F Y")
    with translation.override("en"):
        english = date_format(start, "j F Y")
    return course, dutch, english


def mails_to(employee: Employee) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if m.to == [employee.email]]


def course_mail(messages: list[mail.EmailMessage], subject: str) -> mail.EmailMessage:
    """The one e-mail about the late course."""
    (found,) = [m for m in messages if m.subject == subject and "Heftruckcertificaat" in m.body]
    return found


def test_english_employee_reads_and_receives_notices_in_english(full_demo, login_as, users):
    users["medewerker"].language = "en"
    users["medewerker"].save(update_fields=["language"])
    Notice.objects.all().delete()
    _course, _dutch, english = course_three_days_late()

    call_command("remind", verbosity=0)

    kees = person(KEES)
    message = course_mail(mails_to(kees), "Koers: course not started yet")
    assert message.body.startswith("Dear Kees,")
    assert f"Heftruckcertificaat was due to start on {english}, but has not yet" in message.body
    assert "You are receiving this message from Koers." in message.body
    assert all("Beste" not in m.body for m in mails_to(kees))
    page = login_as("medewerker").get(reverse("notification-list")).content.decode()
    assert f"Heftruckcertificaat was due to start on {english}" in page
    assert "zou op" not in page


def test_dutch_employee_reads_and_receives_notices_in_dutch(full_demo, login_as, users):
    assert users["medewerker"].language == "nl"
    Notice.objects.all().delete()
    _course, dutch, _english = course_three_days_late()

    call_command("remind", verbosity=0)

    message = course_mail(mails_to(person(KEES)), "Koers: cursus nog niet begonnen")
    assert message.body.startswith("Beste Kees,")
    assert f"Heftruckcertificaat zou op {dutch} beginnen" in message.body
    page = login_as("medewerker").get(reverse("notification-list")).content.decode()
    assert f"Heftruckcertificaat zou op {dutch} beginnen" in page
    assert "was due to start" not in page


def test_each_recipient_gets_their_own_language_from_one_run(full_demo, users):
    """Kees reads English, his manager Dutch: one run, two languages."""
    users["medewerker"].language = "en"
    users["medewerker"].save(update_fields=["language"])
    Notice.objects.all().delete()
    _course, dutch, _english = course_three_days_late()

    call_command("remind", verbosity=0)

    to_manager = course_mail(mails_to(person("D-manager")), "Koers: cursus nog niet begonnen")
    assert to_manager.body.startswith("Beste ")
    assert f"Heftruckcertificaat van Kees Bakker zou op {dutch} beginnen" in to_manager.body
    to_kees = course_mail(mails_to(person(KEES)), "Koers: course not started yet")
    assert to_kees.body.startswith("Dear Kees,")


def test_recipient_without_a_login_gets_dutch(full_demo, users):
    """No login, no language: the organisation's default, Dutch."""
    users["medewerker"].language = "en"
    users["medewerker"].save(update_fields=["language"])
    Employee.objects.filter(personnel_number=KEES).update(user=None)
    Notice.objects.all().delete()
    _course, dutch, _english = course_three_days_late()

    call_command("remind", verbosity=0)

    message = course_mail(mails_to(person(KEES)), "Koers: cursus nog niet begonnen")
    assert message.body.startswith("Beste Kees,")
    assert f"Heftruckcertificaat zou op {dutch} beginnen" in message.body


def test_a_notice_is_rendered_when_read_not_when_made(full_demo, login_as, users):
    """The same rows read in English, then in Dutch once Kees changes his language."""
    Notice.objects.all().delete()
    _course, dutch, english = course_three_days_late()
    call_command("remind", verbosity=0)
    users["medewerker"].language = "en"
    users["medewerker"].save(update_fields=["language"])
    client = login_as("medewerker")
    assert (
        f"was due to start on {english}"
        in client.get(reverse("notification-list")).content.decode()
    )
    users["medewerker"].language = "nl"
    users["medewerker"].save(update_fields=["language"])
    assert f"zou op {dutch} beginnen" in client.get(reverse("notification-list")).content.decode()


def test_new_notices_store_codes_and_dates_never_sentences(full_demo):
    Notice.objects.all().delete()
    course, _dutch, _english = course_three_days_late()
    call_command("remind", verbosity=0)
    notices = Notice.objects.all()
    assert notices.exists()
    assert not notices.filter(params__isnull=True).exists()
    assert not notices.exclude(legacy_why="").exists()
    to_kees = notices.get(
        kind=NoticeKind.COURSE_NOT_STARTED, subject_id=course.pk, recipient__personnel_number=KEES
    )
    assert to_kees.params == {
        "to": "employee",
        "starts_on": (timezone.localdate() - LATE_BY).isoformat(),
        "not_registered": True,
    }
    for notice in notices:
        for value in notice.params.values():
            assert isinstance(value, bool | int) or (
                isinstance(value, str) and (" " not in value)
            ), (notice.kind, notice.params)


def test_old_rows_show_the_sentence_they_were_written_with(full_demo, login_as):
    kees = person(KEES)
    Notice.objects.create(
        organisation=full_demo,
        recipient=kees,
        kind=NoticeKind.COURSE_CHECK,
        subject_type="activity",
        subject_id=1,
        due_on=datetime.date(2026, 1, 1),
        params=None,
        legacy_why="Een zin van voor de overstap.",
        link="/dashboard/",
    )
    page = login_as("medewerker").get(reverse("notification-list")).content.decode()
    assert "Een zin van voor de overstap." in page


def test_a_notice_with_params_cannot_also_keep_a_sentence(full_demo):
    with pytest.raises(IntegrityError), transaction.atomic():
        Notice.objects.create(
            organisation=full_demo,
            recipient=person(KEES),
            kind=NoticeKind.COURSE_CHECK,
            subject_type="activity",
            subject_id=1,
            due_on=datetime.date(2026, 1, 1),
            params={},
            legacy_why="Een zin.",
            link="/dashboard/",
        )


def test_migration_keeps_existing_sentences_as_legacy_text(transactional_db):
    """0002 on a row of 0001: its ``why`` becomes ``legacy_why``; its params stay NULL."""
    executor = MigrationExecutor(connection)
    executor.migrate([("followup", "0001_initial")])
    old_notice = executor.loader.project_state([("followup", "0001_initial")]).apps.get_model(
        "followup", "Notice"
    )
    organisation = Organisation.objects.create(name="Oud BV", slug="oud-bv")
    kees = Employee.objects.create(
        organisation=organisation, personnel_number="1", first_name="Kees", last_name="Oud"
    )
    old_notice.objects.create(
        organisation_id=organisation.pk,
        recipient_id=kees.pk,
        kind="course_check",
        subject_type="activity",
        subject_id=7,
        due_on=datetime.date(2026, 1, 1),
        why="Is de cursus echt begonnen? Hoe gaat het? (Heftruck)",
        link="/dashboard/",
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    notice = Notice.objects.get(recipient=kees)
    assert notice.params is None
    assert notice.legacy_why == "Is de cursus echt begonnen? Hoe gaat het? (Heftruck)"
