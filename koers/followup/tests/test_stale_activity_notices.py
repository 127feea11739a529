"""Issue 11 item 5: "a notice whose reason no longer holds disappears from the list" — also for
the reminders about activities and the next talk: "cursus nog niet begonnen" goes once the
course began, "over tijd" once the activity is done or its date moved, "is de cursus echt
begonnen?" once answered, "volgend gesprek nodig" once a talk is planned."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from koers.conversations.actions import planning
from koers.followup import actions as followup
from koers.followup import outbox
from koers.followup.models import CourseAnswer, Notice, NoticeKind
from koers.organisations.actors import actor_for
from koers.organisations.models import Employee
from koers.plans import actions as plans
from koers.plans.demo import KEES
from koers.plans.models import Activity, ActivityKind, ActivityStatus, DevelopmentPlan
from koers.testing import talk_with_kees

pytestmark = pytest.mark.django_db


def _person(number: str) -> Employee:
    return Employee.objects.get(organisation__slug="demo-werkbedrijf", personnel_number=number)


def _course(**dates: datetime.date) -> Activity:
    """Kees's course in his agreed POP, with these dates and no notices about anything yet."""
    Notice.objects.all().delete()
    plan = DevelopmentPlan.objects.get(employee__personnel_number=KEES)
    activity = Activity.objects.get(point__plan=plan, description="Heftruckcertificaat")
    Activity.objects.filter(pk=activity.pk).update(kind=ActivityKind.COURSE, **dates)
    activity.refresh_from_db()
    return activity


def _current(kind: str, subject_id: int) -> list[int]:
    """Who sees a notice of this kind about this subject in their list now."""
    return sorted(
        Notice.objects.current()
        .filter(kind=kind, subject_id=subject_id)
        .values_list("recipient_id", flat=True)
    )


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def test_course_not_started_goes_once_the_employee_says_it_began(full_demo):
    course = _course(period_from=_days(-3), period_to=_days(60))
    assert course.status in (ActivityStatus.PLANNED, ActivityStatus.REGISTERED)
    outbox.run_reminders()
    kees, sanne = _person(KEES), _person("D-manager")
    assert _current(NoticeKind.COURSE_NOT_STARTED, course.pk) == sorted([kees.pk, sanne.pk])
    followup.answer_course_check(actor_for(kees), course, CourseAnswer.YES)
    assert _current(NoticeKind.COURSE_NOT_STARTED, course.pk) == []
    # Stored, not deleted: the log of what was said stays; a later run adds nothing.
    stored = Notice.objects.filter(kind=NoticeKind.COURSE_NOT_STARTED, subject_id=course.pk)
    assert stored.count() == 2
    outbox.run_reminders()
    assert _current(NoticeKind.COURSE_NOT_STARTED, course.pk) == []


def test_course_not_started_goes_when_the_start_moves_later(full_demo):
    course = _course(period_from=_days(-3), period_to=_days(60))
    outbox.run_reminders()
    assert _current(NoticeKind.COURSE_NOT_STARTED, course.pk)
    Activity.objects.filter(pk=course.pk).update(period_from=_days(14))
    assert _current(NoticeKind.COURSE_NOT_STARTED, course.pk) == []


def test_over_time_goes_once_the_activity_is_completed(full_demo):
    course = _course(period_from=_days(-30), period_to=_days(-2))
    sanne = actor_for(_person("D-manager"))
    if course.status != ActivityStatus.STARTED:
        course = plans.change_activity_status(sanne, course, ActivityStatus.STARTED)
    outbox.run_reminders()
    assert _current(NoticeKind.ACTIVITY_OVERDUE, course.pk)
    plans.change_activity_status(sanne, course, ActivityStatus.COMPLETED)
    assert _current(NoticeKind.ACTIVITY_OVERDUE, course.pk) == []


def test_over_time_goes_when_the_dates_move_later(full_demo):
    course = _course(period_from=_days(-30), period_to=_days(-2))
    outbox.run_reminders()
    assert _current(NoticeKind.ACTIVITY_OVERDUE, course.pk)
    Activity.objects.filter(pk=course.pk).update(period_from=_days(5), period_to=_days(30))
    assert _current(NoticeKind.ACTIVITY_OVERDUE, course.pk) == []


def test_the_course_question_goes_once_answered(full_demo):
    course = _course(period_from=_days(-10), period_to=_days(60))
    sanne = actor_for(_person("D-manager"))
    if course.status != ActivityStatus.STARTED:
        course = plans.change_activity_status(sanne, course, ActivityStatus.STARTED)
    Activity.objects.filter(pk=course.pk).update(
        status_changed_at=timezone.now() - datetime.timedelta(days=8)
    )
    outbox.run_reminders()
    kees = _person(KEES)
    assert _current(NoticeKind.COURSE_CHECK, course.pk) == [kees.pk]
    followup.answer_course_check(actor_for(kees), course, CourseAnswer.YES)
    assert _current(NoticeKind.COURSE_CHECK, course.pk) == []


def test_next_talk_needed_goes_once_a_talk_is_planned(full_demo):
    kees, sanne = _person(KEES), _person("D-manager")
    Notice.objects.all().delete()
    Notice.objects.create(
        organisation_id=kees.organisation_id,
        recipient=sanne,
        kind=NoticeKind.CONVERSATION_DUE,
        subject_type="employee",
        subject_id=kees.pk,
        due_on=_days(-1),
        params={"months": 12},
        link="/",
    )
    assert _current(NoticeKind.CONVERSATION_DUE, kees.pk) == [sanne.pk]
    talk = talk_with_kees(days_ahead=20)
    assert _current(NoticeKind.CONVERSATION_DUE, kees.pk) == []
    # A talk that is called off again does not answer the reminder.
    planning.cancel(actor_for(sanne), talk, reason="", base_url="", send_email=False)
    assert _current(NoticeKind.CONVERSATION_DUE, kees.pk) == [sanne.pk]


def test_the_menu_counter_counts_what_the_list_shows_unread(full_demo, django_assert_num_queries):
    """The counter takes the unread notices' kinds first and checks only the kinds whose
    reason may go (issue 18); it must count exactly the unread ones the list shows."""
    from koers.followup.queries.notices import notices_for, unread_count

    course = _course(period_from=_days(-3), period_to=_days(60))
    kees = _person(KEES)
    actor = actor_for(kees)
    with django_assert_num_queries(1):  # nothing unread: one grouped query
        assert unread_count(actor) == 0
    outbox.run_reminders()
    # A moment (always holds) and a row from before params (legacy text) beside the check.
    common = {"organisation": kees.organisation, "recipient": kees, "link": "/"}
    Notice.objects.create(
        **common,
        kind=NoticeKind.SIGNED_COPY,
        params={},
        subject_type="plan",
        subject_id=course.point.plan_id,
        due_on=_days(0),
    )
    Notice.objects.create(
        **common,
        kind=NoticeKind.COURSE_CHECK,
        params=None,
        legacy_why="Oude melding",
        subject_type="activity",
        subject_id=course.pk,
        due_on=_days(-400),
    )

    def listed_unread() -> int:
        return sum(1 for notice in notices_for(actor) if notice.read_at is None)

    shown = listed_unread()
    assert shown >= 2
    assert unread_count(actor) == shown
    followup.answer_course_check(actor, course, CourseAnswer.YES)  # "nog niet begonnen" goes
    assert listed_unread() < shown
    assert unread_count(actor) == listed_unread()
    # The list builds the conditions only for the kinds the reader has: the same notices.
    every_kind = Notice.objects.current().filter(recipient=kees)
    assert set(notices_for(actor)) == set(every_kind)
