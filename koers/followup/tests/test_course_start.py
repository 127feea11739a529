"""Issue 11 item 6: "cursus nog niet begonnen" is about courses and trainings with a start
date, never about meelopen or zelfstudie."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from koers.followup import outbox
from koers.followup.models import Notice, NoticeKind
from koers.plans.demo import KEES
from koers.plans.models import Activity, ActivityKind, DevelopmentPlan

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
