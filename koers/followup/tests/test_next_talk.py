"""Issue 11: one rule for "when is the next talk due", the same on every page, figure and
reminder. The walk as a new user did it: plan a talk for Kees, hold it, agree the next talk
on 15 June 2027 in the Afsluiting, sign the report."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from koers.conversations.actions import report as report_actions
from koers.conversations.actions import talk as talk_actions
from koers.conversations.models import Conversation, Status, TalkNotes
from koers.followup import actions as followup_actions
from koers.followup.models import NoticeKind
from koers.followup.notice_texts import NoticeTexts
from koers.followup.queries.hr import hr_figures
from koers.followup.queries.team import team_board
from koers.followup.reminders.due import due_notices
from koers.followup.rules import next_talk_due
from koers.organisations.actors import actor_for
from koers.organisations.models import Employee
from koers.signing.models import Choice
from koers.testing import talk_with_kees

pytestmark = pytest.mark.django_db

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
TODAY = datetime.datetime(2026, 12, 2, 9, 0, tzinfo=AMSTERDAM)
AGREED = datetime.date(2027, 6, 15)


@pytest.fixture
def people(demo):
    kees = Employee.objects.get(organisation=demo, personnel_number="D-medewerker")
    manager = Employee.objects.get(organisation=demo, personnel_number="D-manager")
    hr = Employee.objects.get(organisation=demo, personnel_number="D-hr")
    return kees, manager, hr


def hold_and_sign(kees: Employee, manager: Employee, *, agreed: datetime.date | None) -> None:
    """Plan a talk tomorrow at 10:00, hold it then, agree the next date, sign the report."""
    with time_machine.travel(TODAY, tick=False):
        talk = talk_with_kees(days_ahead=1)
    with time_machine.travel(talk.starts_at + datetime.timedelta(hours=1), tick=False):
        boss = actor_for(manager)
        talk_actions.save_phase(boss, talk, "closing", {"next_date": agreed} if agreed else {})
        talk_actions.finish_talk(boss, talk)
        talk.refresh_from_db()
        report_actions.save_report(boss, talk.report, summary="Goed gesprek.")
        report_actions.submit_report(boss, talk.report)
        report_actions.sign_report(actor_for(kees), talk.report, Choice.AGREED)
        report_actions.sign_report(boss, talk.report, Choice.AGREED)
    assert Conversation.objects.get(pk=talk.pk).status == Status.SIGNED


def test_the_agreed_date_is_the_next_talk_everywhere(people, login_as):
    kees, manager, hr = people
    with time_machine.travel(TODAY, tick=False):
        # The 6-month interval the issue set: the agreed date still wins.
        followup_actions.set_interval(actor_for(manager), kees, 6)
        covered_before = _covered(hr, kees)
    hold_and_sign(kees, manager, agreed=AGREED)

    with time_machine.travel(TODAY + datetime.timedelta(days=2), tick=False):
        page = login_as("medewerker").get(reverse("dashboard")).content.decode()
        assert "Afgesproken: het volgende gesprek is rond 15 juni 2027" in page
        assert "2023" not in page and "2022" not in page

        board = team_board(actor_for(manager))
        row = next(p for p in board.people if p.pk == kees.pk)
        assert (row.last_talk is not None, row.next_due) == (True, AGREED)
        board_page = login_as("manager").get(reverse("dashboard-team")).content.decode()
        assert "nog nooit een gesprek" not in _row_of(board_page, "Kees")
        assert "afgesproken: 15 Jun 2027" in _row_of(board_page, "Kees")

        assert _covered(hr, kees) == covered_before + 1
        assert not [n for n in due_notices() if _is_due_notice_for(n, kees)]

    with time_machine.travel(datetime.datetime(2027, 6, 15, 9, tzinfo=AMSTERDAM), tick=False):
        due = [n for n in due_notices() if _is_due_notice_for(n, kees)]
        assert len(due) == 1 and due[0].due_on == AGREED
        due[0].save()
        text = NoticeTexts([due[0]]).text(due[0])
        assert "rond 15 juni 2027" in text and "nog geen" not in text
        assert _covered(hr, kees) == covered_before


def test_without_an_agreed_date_the_interval_counts_from_the_held_talk(people):
    kees, manager, _hr = people
    with time_machine.travel(TODAY, tick=False):
        followup_actions.set_interval(actor_for(manager), kees, 6)
    hold_and_sign(kees, manager, agreed=None)
    with time_machine.travel(TODAY + datetime.timedelta(days=2), tick=False):
        row = next(p for p in team_board(actor_for(manager)).people if p.pk == kees.pk)
        assert row.next_due == datetime.date(2027, 6, 3)


def test_a_held_talk_counts_before_its_report_is_signed(people):
    kees, manager, _hr = people
    with time_machine.travel(TODAY, tick=False):
        talk = talk_with_kees(days_ahead=1)
    with time_machine.travel(talk.starts_at + datetime.timedelta(hours=1), tick=False):
        talk_actions.finish_talk(actor_for(manager), talk)
        row = next(p for p in team_board(actor_for(manager)).people if p.pk == kees.pk)
        assert row.last_talk == talk.starts_at
        assert not [n for n in due_notices() if _is_due_notice_for(n, kees)]


def test_a_planned_talk_whose_hour_passed_is_not_a_held_talk(people):
    kees, manager, _hr = people
    with time_machine.travel(TODAY, tick=False):
        talk = talk_with_kees(days_ahead=1)
    with time_machine.travel(talk.starts_at + datetime.timedelta(days=3), tick=False):
        row = next(p for p in team_board(actor_for(manager)).people if p.pk == kees.pk)
        assert row.last_talk is None


def test_an_agreed_date_before_the_talk_is_never_the_due_date(people):
    kees, manager, _hr = people
    hold_and_sign(kees, manager, agreed=None)
    TalkNotes.objects.filter(conversation__employee=kees).update(
        next_date=datetime.date(2023, 3, 1)
    )
    with time_machine.travel(TODAY + datetime.timedelta(days=2), tick=False):
        row = next(p for p in team_board(actor_for(manager)).people if p.pk == kees.pk)
        assert row.next_due > TODAY.date()


@pytest.mark.parametrize(
    ("last", "joined", "agreed", "expected"),
    [
        (None, None, None, None),
        (None, datetime.date(2026, 1, 31), None, datetime.date(2027, 1, 31)),
        (
            datetime.datetime(2026, 1, 31, 10, tzinfo=AMSTERDAM),
            None,
            None,
            datetime.date(2027, 1, 31),
        ),
        (datetime.datetime(2026, 12, 3, 10, tzinfo=AMSTERDAM), None, AGREED, AGREED),
        (
            datetime.datetime(2026, 12, 3, 10, tzinfo=AMSTERDAM),
            None,
            datetime.date(2026, 12, 3),
            datetime.date(2027, 12, 3),
        ),
    ],
)
def test_the_rule_for_one_person(last, joined, agreed, expected):
    assert next_talk_due(last, joined, 12, agreed) == expected


def _covered(hr: Employee, kees: Employee) -> int:
    figures = hr_figures(actor_for(hr))
    department = kees.team.department_id
    return next(d.covered for d in figures.departments if d.department_id == department)


def _is_due_notice_for(notice, kees: Employee) -> bool:
    return notice.kind == NoticeKind.CONVERSATION_DUE and notice.subject_id == kees.pk


def _row_of(page: str, name: str) -> str:
    start = page.index(name)
    return page[start : page.index("</tr>", start)]


def test_the_next_talk_of_a_series_is_the_next_due_talk(people, demo):
    """Issue 11 item 2: after talk 1 of a trajectory, talk 2 is due (not the interval)."""
    from koers.conversations.actions import series
    from koers.testing import default_types

    kees, manager, _hr = people
    boss = actor_for(manager)
    with time_machine.travel(TODAY, tick=False):
        trajectory = series.plan_series(
            boss,
            employee=kees,
            conversation_type=default_types(demo)[1],
            theme="Weer aan het werk",
            talk_count=3,
            first_starts_at=TODAY + datetime.timedelta(days=1),
            weeks_between=3,
            duration_minutes=45,
            place="Spreekkamer",
            short_notice_confirmed=True,
            base_url="http://testserver/",
            send_email=False,
        )
    first, second, _third = trajectory.talks.order_by("starts_at")
    with time_machine.travel(first.starts_at + datetime.timedelta(hours=1), tick=False):
        talk_actions.finish_talk(boss, first)
        row = next(p for p in team_board(boss).people if p.pk == kees.pk)
        assert row.next_due == datetime.date(2026, 12, 24)  # talk 2, three weeks on
    # Talk 2 is cancelled: the series' next talk is talk 3.
    from koers.conversations.actions import planning

    planning.cancel(boss, second, reason="", base_url="", send_email=False)
    with time_machine.travel(first.starts_at + datetime.timedelta(hours=2), tick=False):
        row = next(p for p in team_board(boss).people if p.pk == kees.pk)
        assert row.next_due == datetime.date(2027, 1, 14)
        # A date agreed in the Afsluiting still wins.
        TalkNotes.objects.filter(conversation=first).update(next_date=datetime.date(2027, 2, 1))
        row = next(p for p in team_board(boss).people if p.pk == kees.pk)
        assert row.next_due == datetime.date(2027, 2, 1)
