"""Notices on the event (issue 11 item 5, issue 10 item 1): offering, a correction, signing,
a new plan point and a change of someone's access tell the other party at once, in Koers,
and by e-mail through the outbox; a notice whose reason no longer holds disappears."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from koers.followup import outbox
from koers.followup.models import Channel, Notice, NoticeKind
from koers.followup.queries.notices import notices_for, unread_count
from koers.organisations.actions import logins
from koers.organisations.actors import actor_for
from koers.organisations.models import Employee
from koers.plans import actions as plans
from koers.plans.demo import plan_by_team_manager
from koers.plans.models import Category, DevelopmentPlan
from koers.signing.models import Choice

pytestmark = pytest.mark.django_db


def person(number: str) -> Employee:
    return Employee.objects.select_related("user").get(
        organisation__slug="demo-werkbedrijf", personnel_number=number
    )


@pytest.fixture
def kees(demo) -> Employee:
    return person("D-medewerker")


@pytest.fixture
def sanne(demo) -> Employee:
    return person("D-manager")


@pytest.fixture
def plan(kees) -> DevelopmentPlan:
    """Kees's POP with one point, written by Sanne, not yet offered."""
    found = plan_by_team_manager(kees)
    Notice.objects.all().delete()
    return found


def kinds_for(employee: Employee) -> list[str]:
    return sorted(n.kind for n in notices_for(actor_for(employee)))


def test_offering_the_plan_tells_the_employee_at_once_and_mails_nothing_yet(plan, kees, sanne):
    plans.send_for_signing(actor_for(sanne), plan)
    assert kinds_for(kees) == [NoticeKind.SIGNATURE_WAITING]
    assert unread_count(actor_for(kees)) == 1
    assert kinds_for(sanne) == []
    notice = Notice.objects.get(recipient=kees)
    assert notice.channel == "" and notice.link == reverse("plan-sign", args=[plan.pk])
    assert mail.outbox == []


def test_the_notice_shows_on_the_employees_list_without_a_remind_run(plan, kees, sanne, login_as):
    plans.send_for_signing(actor_for(sanne), plan)
    page = login_as("medewerker").get(reverse("notification-list")).content.decode()
    assert "Er ligt een document klaar dat u moet lezen en tekenen." in page


def test_the_remind_run_adds_nothing_and_mails_the_notice_once(plan, kees, sanne):
    plans.send_for_signing(actor_for(sanne), plan)
    outbox.run_reminders()
    outbox.run_reminders()
    assert Notice.objects.filter(recipient=kees, kind=NoticeKind.SIGNATURE_WAITING).count() == 1
    to_kees = [m for m in mail.outbox if m.to == [kees.email] and "tekenen" in m.body]
    assert len(to_kees) == 1


def test_back_to_concept_withdraws_the_notice_from_list_counter_and_mail(plan, kees, sanne):
    plans.send_for_signing(actor_for(sanne), plan)
    plans.save_point(actor_for(sanne), plan, category=Category.PERSONAL, title="Presenteren")
    assert NoticeKind.SIGNATURE_WAITING not in kinds_for(kees)
    assert unread_count(actor_for(kees)) == 1  # the new point only
    outbox.run_reminders()
    assert all("tekenen" not in m.body for m in mail.outbox)


def test_offered_again_on_a_later_day_shows_one_notice(plan, kees, sanne):
    plans.send_for_signing(actor_for(sanne), plan)
    plans.save_point(actor_for(sanne), plan, category=Category.PERSONAL, title="Presenteren")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        plans.send_for_signing(actor_for(sanne), plan)
        waiting = [
            n for n in notices_for(actor_for(kees)) if n.kind == NoticeKind.SIGNATURE_WAITING
        ]
        assert [n.due_on for n in waiting] == [timezone.localdate()]


def test_employee_signing_tells_the_manager_and_withdraws_the_employees_notice(plan, kees, sanne):
    plans.send_for_signing(actor_for(sanne), plan)
    plans.sign_plan(actor_for(kees), plan, Choice.AGREED)
    assert kinds_for(kees) == []
    assert kinds_for(sanne) == [NoticeKind.SIGNATURE_WAITING]
    assert Notice.objects.get(recipient=sanne).params == {"waits_for": "manager"}


def test_a_correction_tells_the_manager_until_the_next_version_is_offered(plan, kees, sanne):
    plans.send_for_signing(actor_for(sanne), plan)
    plans.sign_plan(actor_for(kees), plan, Choice.CORRECTION, "Datum klopt niet")
    assert kinds_for(sanne) == [NoticeKind.CORRECTION_ASKED]
    assert kinds_for(kees) == []
    plans.save_point(actor_for(sanne), plan, category=Category.PERSONAL, title="Presenteren")
    assert kinds_for(sanne) == [NoticeKind.CORRECTION_ASKED]
    plans.send_for_signing(actor_for(sanne), plan)
    assert kinds_for(sanne) == []
    assert NoticeKind.SIGNATURE_WAITING in kinds_for(kees)


def test_both_signed_mails_the_employee_the_signed_pdf(plan, kees, sanne, settings):
    settings.KOERS_BASE_URL = "https://koers.example.nl/"
    plans.send_for_signing(actor_for(sanne), plan)
    plans.sign_plan(actor_for(kees), plan, Choice.AGREED)
    plans.sign_plan(actor_for(sanne), plan, Choice.AGREED)
    assert kinds_for(kees) == [NoticeKind.SIGNED_COPY]
    assert kinds_for(sanne) == []
    mail.outbox.clear()
    outbox.run_reminders()
    [copy] = [m for m in mail.outbox if m.to == [kees.email] and m.attachments]
    name, content, mimetype = copy.attachments[0]
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    assert name.endswith("-v1.pdf")
    link = "https://koers.example.nl" + reverse("plan-version-pdf", args=[plan.pk, 1])
    assert link in copy.body


def test_without_email_the_copy_is_a_download_notice_in_koers(plan, kees, sanne, login_as):
    Employee.objects.filter(pk=kees.pk).update(email="")
    plans.send_for_signing(actor_for(sanne), plan)
    plans.sign_plan(actor_for(kees), plan, Choice.AGREED)
    plans.sign_plan(actor_for(sanne), plan, Choice.AGREED)
    outbox.run_reminders()
    notice = Notice.objects.get(recipient=kees, kind=NoticeKind.SIGNED_COPY)
    assert notice.channel == Channel.IN_APP
    client = login_as("medewerker")
    assert "Dit is uw kopie (pdf)." in client.get(reverse("notification-list")).content.decode()
    download = client.get(notice.link)
    assert download.status_code == 200 and download.content.startswith(b"%PDF")


def test_a_new_point_tells_the_employee_and_is_withdrawn_when_removed(plan, kees, sanne):
    point = plans.save_point(
        actor_for(sanne), plan, category=Category.CAREER, title="Leiding geven"
    )
    assert kinds_for(kees) == [NoticeKind.POINT_ADDED]
    plans.remove_point(actor_for(sanne), point)
    assert kinds_for(kees) == []


def test_login_roles_and_reset_tell_the_person(demo, kees):
    admin = Employee.objects.filter(organisation=demo, is_org_admin=True).first()
    newcomer = Employee.objects.filter(organisation=demo, user__isnull=True).exclude(email="")[0]
    Notice.objects.all().delete()
    logins.grant_login(actor_for(admin), newcomer, "nieuw.login", base_url="http://testserver")
    logins.set_roles(actor_for(admin), kees, is_hr=True, is_org_admin=False)
    logins.set_roles(actor_for(admin), kees, is_hr=False, is_org_admin=False)
    logins.reset_access(actor_for(admin), kees, base_url="http://testserver")
    assert kinds_for(newcomer) == [NoticeKind.ACCOUNT_CHANGED]
    changes = sorted(
        (n.params["change"], n.params.get("role", ""))
        for n in Notice.objects.filter(recipient=kees)
    )
    assert changes == [
        ("login.access_reset", ""),
        ("person.role_granted", "hr"),
        ("person.role_revoked", "hr"),
    ]
    outbox.run_reminders()
    bodies = [m.body for m in mail.outbox if m.to == [kees.email]]
    assert any("U heeft in Koers de rol" in body for body in bodies)
    assert any("Uw toegang tot Koers is opnieuw ingesteld" in body for body in bodies)


def test_a_mail_server_down_is_no_server_error(plan, kees, sanne, login_as, settings):
    settings.EMAIL_BACKEND = "koers.followup.tests.test_followup.BrokenBackend"
    plans.send_for_signing(actor_for(sanne), plan)
    response = login_as("medewerker").post(
        reverse("plan-sign", args=[plan.pk]), {"choice": Choice.AGREED, "remark": ""}
    )
    assert response.status_code in (200, 302)
    assert kinds_for(sanne) == [NoticeKind.SIGNATURE_WAITING]
    result = outbox.run_reminders()
    assert result.failed >= 1
    assert Notice.objects.filter(recipient=sanne, channel="").exclude(send_error="").exists()


def test_email_links_use_koers_base_url(plan, kees, sanne, settings):
    settings.KOERS_BASE_URL = "http://127.0.0.1:8123"
    plans.send_for_signing(actor_for(sanne), plan)
    outbox.run_reminders()
    [message] = [m for m in mail.outbox if m.to == [kees.email] and "tekenen" in m.body]
    assert "http://127.0.0.1:8123" + reverse("plan-sign", args=[plan.pk]) in message.body
    assert "localhost" not in message.body


def test_make_demo_sets_koers_base_url_to_the_address_it_serves():
    makefile = (Path(__file__).resolve().parents[3] / "Makefile").read_text()
    assert "demo: export KOERS_BASE_URL ?= http://127.0.0.1:$(PORT)" in makefile


def test_both_signed_the_report_mails_its_pdf_and_the_manager_hears_each_step(kees, sanne):
    from koers.conversations.actions import report as reports
    from koers.conversations.actions import talk as talk_actions
    from koers.conversations.models import Report
    from koers.testing import talk_with_kees

    talk = talk_with_kees(days_ahead=20)
    talk_actions.save_phase(actor_for(sanne), talk, "opening", {"opening": "Welkom."})
    talk_actions.finish_talk(actor_for(sanne), talk, held_earlier=True)
    report = Report.objects.get(conversation=talk)
    Notice.objects.all().delete()
    reports.submit_report(actor_for(sanne), report)
    assert kinds_for(kees) == [NoticeKind.SIGNATURE_WAITING]
    reports.sign_report(actor_for(kees), report, Choice.AGREED)
    assert kinds_for(kees) == [] and kinds_for(sanne) == [NoticeKind.SIGNATURE_WAITING]
    reports.sign_report(actor_for(sanne), report, Choice.AGREED)
    assert kinds_for(kees) == [NoticeKind.SIGNED_COPY] and kinds_for(sanne) == []
    mail.outbox.clear()
    outbox.run_reminders()
    [copy] = [m for m in mail.outbox if m.to == [kees.email] and m.attachments]
    name, content, _mimetype = copy.attachments[0]
    assert name == f"gespreksverslag-{talk.pk}-v1.pdf" and content.startswith(b"%PDF")
    assert "gespreksverslag getekend" in copy.body


def test_a_held_talk_asks_the_employee_for_their_rating_until_they_answer(kees, sanne, login_as):
    """Issue 11 item 4: after the talk the employee is asked, on their own screen; the notice
    goes once they answered ("liever niet" is an answer too)."""
    from koers.conversations.actions import rating
    from koers.conversations.actions import talk as talk_actions
    from koers.testing import talk_with_kees

    talk = talk_with_kees()
    Notice.objects.all().delete()
    talk_actions.finish_talk(actor_for(sanne), talk, held_earlier=True)
    assert kinds_for(kees) == [NoticeKind.RATING_ASKED]
    assert kinds_for(sanne) == []
    page = login_as("medewerker").get(reverse("notification-list")).content.decode()
    assert "Wat vond u van het gesprek?" in page
    assert reverse("conversation-rating", args=[talk.pk]) in page
    rating.rate_talk(actor_for(kees), talk, score=None, declined=True)
    assert kinds_for(kees) == []
    assert unread_count(actor_for(kees)) == 0


def test_talk_reminders_go_when_the_talk_is_cancelled_or_prepared(kees, sanne):
    """A reminder about a talk holds only while its reason does: "uitnodiging nog niet
    bekeken" not after the talk was cancelled, "voorbereiding nog niet gedeeld" not after
    sharing."""
    from koers.conversations.actions import planning, preparation
    from koers.testing import talk_with_kees

    talk, other = talk_with_kees(days_ahead=20), talk_with_kees(days_ahead=40)
    Notice.objects.all().delete()
    today = timezone.localdate()
    for subject, kind in (
        (talk, NoticeKind.INVITATION_UNANSWERED),
        (other, NoticeKind.PREPARATION_NOT_SHARED),
    ):
        Notice.objects.create(
            organisation_id=kees.organisation_id,
            recipient=kees,
            kind=kind,
            subject_type="conversation",
            subject_id=subject.pk,
            due_on=today,
            params={"talk_on": today.isoformat()},
            link=reverse("conversation-prepare", args=[subject.pk]),
        )
    assert kinds_for(kees) == sorted(
        [NoticeKind.INVITATION_UNANSWERED, NoticeKind.PREPARATION_NOT_SHARED]
    )
    planning.cancel(actor_for(sanne), talk, reason="", base_url="", send_email=False)
    assert kinds_for(kees) == [NoticeKind.PREPARATION_NOT_SHARED]
    preparation.share_preparation(actor_for(kees), other)
    assert kinds_for(kees) == []
    assert unread_count(actor_for(kees)) == 0
