"""One door: each conversation action refuses who the policy refuses, changes nothing then,
and records its event in the employee's dossier log when it succeeds."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from koers.audit.models import AuditEvent
from koers.audit.verbs import get as verb
from koers.conversations.actions import planning, preparation, templates
from koers.conversations.actions import report as report_actions
from koers.conversations.actions import talk as talk_actions
from koers.conversations.models import AgendaPoint, Conversation, Status, TalkNotes
from koers.lib.errors import NotAllowed, Refused
from koers.organisations.actors import actor_for
from koers.organisations.models import Employee, Team
from koers.testing import default_types

BASE_URL = "http://testserver/"


def _plan(actor, kees, now, days=20):
    return planning.plan_conversation(
        actor,
        employee=kees,
        conversation_type=default_types(kees.organisation)[0],
        starts_at=now + datetime.timedelta(days=days),
        duration_minutes=60,
        place="Kantine",
        base_url=BASE_URL,
        send_email=False,
    )


def _events(verb_code: str):
    return AuditEvent.objects.filter(verb=verb_code)


@pytest.fixture
def other_manager(demo) -> Employee:
    return Team.objects.get(organisation=demo, name="Verpakken").managers.first()


@pytest.fixture
def hr(demo) -> Employee:
    return Employee.objects.get(organisation=demo, personnel_number="D-hr")


@pytest.fixture
def talk(kees, sanne, now) -> Conversation:
    return _plan(actor_for(sanne), kees, now)


def test_another_teams_manager_cannot_plan_and_nothing_is_written(kees, other_manager, now):
    default_types(kees.organisation)
    before = AuditEvent.objects.count()
    with pytest.raises(NotAllowed):
        _plan(actor_for(other_manager), kees, now)
    assert not Conversation.objects.filter(employee=kees).exists()
    assert AuditEvent.objects.count() == before


def test_planning_records_the_day_in_the_employees_log(talk, kees, sanne, now):
    event = _events("conversation.planned").get(subject_id=talk.pk)
    assert event.employee == kees and event.actor_id == sanne.pk
    assert event.params == {"starts_on": "2026-03-22"}
    with translation.override("en"):
        assert verb("conversation.planned").render(event.params) == (
            "planned a conversation on March 22, 2026"
        )


def test_the_employee_cannot_cancel_and_the_cancel_reason_stays_out_of_the_log(talk, kees, sanne):
    with pytest.raises(NotAllowed):
        planning.cancel(actor_for(kees), talk, reason="x", base_url=BASE_URL, send_email=False)
    talk.refresh_from_db()
    assert talk.status != Status.CANCELLED
    planning.cancel(
        actor_for(sanne), talk, reason="Ziek thuis", base_url=BASE_URL, send_email=False
    )
    assert _events("conversation.cancelled").get(subject_id=talk.pk).params == {}


def test_a_cancelled_talk_refuses_a_reschedule(talk, sanne, now):
    planning.cancel(actor_for(sanne), talk, reason="", base_url=BASE_URL, send_email=False)
    with pytest.raises(Refused) as refused:
        planning.reschedule(
            actor_for(sanne),
            talk,
            starts_at=now + datetime.timedelta(days=30),
            duration_minutes=60,
            place="Kantine",
            base_url=BASE_URL,
        )
    assert refused.value.code == "conversations.closed"
    assert not _events("conversation.rescheduled").exists()


def test_only_the_employee_shares_their_preparation(talk, kees, sanne):
    with pytest.raises(NotAllowed):
        preparation.share_preparation(actor_for(sanne), talk)
    talk.refresh_from_db()
    assert not talk.is_shared
    preparation.share_preparation(actor_for(kees), talk)
    event = _events("preparation.shared").get(subject_id=talk.pk)
    assert event.employee == kees and event.actor_id == kees.pk


def test_the_manager_cannot_write_or_share_the_employees_side(talk, kees, sanne):
    with pytest.raises(NotAllowed):
        preparation.add_agenda_point(actor_for(sanne), talk, side="employee", text="x")
    point = preparation.add_agenda_point(actor_for(kees), talk, side="employee", text="Pauzes")
    with pytest.raises(NotAllowed):
        preparation.share_agenda_point(actor_for(sanne), point)
    point.refresh_from_db()
    assert point.shared_at is None
    assert AgendaPoint.objects.filter(conversation=talk).count() == 1
    # The typed text never reaches the log: only the point's id.
    assert _events("agenda_point.added").get().params == {"point": point.pk}


def test_the_employee_cannot_write_the_managers_notes(talk, kees, sanne):
    with pytest.raises(NotAllowed):
        talk_actions.save_phase(actor_for(kees), talk, "opening", {"opening": "x"})
    assert not TalkNotes.objects.filter(conversation=talk).exists()
    talk_actions.save_phase(actor_for(sanne), talk, "opening", {"opening": "Welkom."})
    assert _events("talk.phase_saved").get().params == {"phase": "opening"}


def test_finishing_the_talk_records_it_and_starts_the_report(talk, kees, sanne):
    talk_actions.finish_talk(actor_for(sanne), talk, held_earlier=True)
    assert _events("talk.finished").get().employee == kees
    assert _events("report.created").get().employee == kees
    with pytest.raises(NotAllowed):
        report_actions.save_report(actor_for(kees), talk.report, summary="Mijn versie")
    assert not _events("report.changed").exists()


def test_only_hr_and_the_org_admin_change_a_template(demo, sanne, hr):
    template = default_types(demo)[0].templates.get()
    with pytest.raises(NotAllowed):
        templates.copy_template(actor_for(sanne), template, note="x")
    assert template.conversation_type.templates.count() == 1
    new = templates.copy_template(actor_for(hr), template, note="Eigen vraag")
    event = _events("template.changed").get()
    assert event.params == {"version": new.version} and event.employee is None
