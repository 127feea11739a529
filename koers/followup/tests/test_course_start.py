"""Issue 11 item 6: "cursus nog niet begonnen" is about courses and trainings with a start
date, never about meelopen or zelfstudie."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from koers.followup import outbox
from koers.followup.models import CourseAnswer, Notice, NoticeKind
from koers.organisations.actors import actor_for
from koers.organisations.models import Employee
from koers.plans import actions as plans
from koers.plans.demo import KEES
from koers.plans.models import Activity, ActivityKind, ActivityStatus, DevelopmentPlan
from koers.testing import assert_no_writes

pytestmark = pytest.mark.django_db


def _kees_course() -> Activity:
    plan = DevelopmentPlan.objects.get(employee__personnel_number=KEES)
    return Activity.objects.get(point__plan=plan, description="Heftruckcertificaat")


def _started_three_days_ago(kind: str) -> Activity:
    Notice.objects.all().delete()
    activity = _kees_course()
    Activity.objects.filter(pk=activity.pk).update(
        period_from=timezone.localdate() - datetime.timedelta(days=3), kind=kind
    )
    return activity


@pytest.mark.parametrize("kind", [ActivityKind.SHADOWING, ActivityKind.SELF_STUDY])
def test_meelopen_and_zelfstudie_never_raise_course_not_started(full_demo, kind):
    activity = _started_three_days_ago(kind)
    outbox.run_reminders()
    assert not Notice.objects.filter(
        kind=NoticeKind.COURSE_NOT_STARTED, subject_id=activity.pk
    ).exists()


@pytest.mark.parametrize("kind", [ActivityKind.COURSE, ActivityKind.INTERNAL])
def test_a_course_or_training_that_should_have_started_is_flagged(full_demo, kind):
    activity = _started_three_days_ago(kind)
    outbox.run_reminders()
    assert Notice.objects.filter(
        kind=NoticeKind.COURSE_NOT_STARTED, subject_id=activity.pk
    ).exists()


def _manager_notices(activity: Activity):
    return Notice.objects.filter(kind=NoticeKind.COURSE_ANSWER, params__activity=activity.pk)


def _course_starting(kind: str = ActivityKind.COURSE) -> Activity:
    activity = _started_three_days_ago(kind)
    activity.refresh_from_db()
    return activity


def test_the_plan_offers_the_one_click_answer(full_demo, login_as):
    course = _course_starting()
    page = login_as("medewerker").get(reverse("plan-progress", args=[course.point.plan_id]))
    body = page.content.decode()
    assert "Is uw cursus begonnen?" in body
    assert reverse("course-check", args=[course.pk]) in body
    for label in ("Ja, ik ben begonnen", "Nog niet", "Ik ben gestopt"):
        assert label in body
    # The manager reads the plan's progress, but the question is the employee's.
    page = login_as("manager").get(reverse("plan-progress", args=[course.point.plan_id]))
    assert "Is uw cursus begonnen?" not in page.content.decode()


def test_yes_marks_the_course_started_and_tells_the_manager(full_demo, login_as):
    course = _course_starting()
    login_as("medewerker").post(
        reverse("course-check", args=[course.pk]), {"answer": CourseAnswer.YES}
    )
    course.refresh_from_db()
    assert course.status == ActivityStatus.STARTED
    manager = Employee.objects.get(organisation=full_demo, personnel_number="D-manager")
    assert [n.recipient_id for n in _manager_notices(course)] == [manager.pk]
    outbox.run_reminders()  # the started course is no longer "nog niet begonnen"
    assert not Notice.objects.filter(
        kind=NoticeKind.COURSE_NOT_STARTED, subject_id=course.pk
    ).exists()


def test_stopped_cancels_the_course_and_tells_the_manager(full_demo, login_as):
    course = _course_starting(ActivityKind.INTERNAL)
    login_as("medewerker").post(
        reverse("course-check", args=[course.pk]), {"answer": CourseAnswer.STOPPED}
    )
    course.refresh_from_db()
    assert course.status == ActivityStatus.CANCELLED
    assert _manager_notices(course).get().params["answer"] == CourseAnswer.STOPPED


def test_not_yet_undoes_a_start_the_manager_marked(full_demo, login_as):
    course = _course_starting()
    before = course.status
    manager = actor_for(Employee.objects.get(organisation=full_demo, personnel_number="D-manager"))
    plans.change_activity_status(manager, course, ActivityStatus.STARTED)
    login_as("medewerker").post(
        reverse("course-check", args=[course.pk]), {"answer": CourseAnswer.NOT_YET}
    )
    course.refresh_from_db()
    assert course.status == before
    assert _manager_notices(course).get().params["answer"] == CourseAnswer.NOT_YET


def test_meelopen_has_no_course_question(full_demo, login_as):
    activity = _course_starting(ActivityKind.SHADOWING)
    client = login_as("medewerker")
    page = client.get(reverse("plan-progress", args=[activity.point.plan_id])).content.decode()
    assert reverse("course-check", args=[activity.pk]) not in page
    with assert_no_writes():
        response = client.post(
            reverse("course-check", args=[activity.pk]), {"answer": CourseAnswer.YES}
        )
    assert response.status_code == 200
    assert "alleen over een cursus of opleiding" in response.content.decode()
