"""Reminders about the activities of an agreed POP (001 "Uitvoeren en voortgang volgen"):
a course that should have started, an activity over time or an employer commitment not kept,
and the one-week question after a course started."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.db.models import Case, DateField, F, OuterRef, When
from django.db.models.functions import Cast, TruncDate
from django.urls import reverse

from koers.followup import rules
from koers.followup.models import Notice, NoticeKind
from koers.followup.notice_texts import EMPLOYEE, MANAGER
from koers.followup.reminders.common import CHUNK, new_notice, notice_exists
from koers.plans.models import ActivityKind, ActivityStatus, Owner

ACTIVITY_VALUES = (
    "pk",
    "kind",
    "owner",
    "status",
    "due",
    "end",
    "period_from",
    "point__plan_id",
    "point__plan__organisation_id",
    "point__plan__employee_id",
    "point__plan__employee__team_id",
    "point__plan__employee__user_id",
    "point__plan__employee__email",
)


def _can_tell_employee(row: dict[str, Any]) -> bool:
    """Someone we can reach: a login (in-app) or an e-mail address. Without either, the
    manager is the one who follows up."""
    return bool(row["point__plan__employee__user_id"] or row["point__plan__employee__email"])


def _to_both(row: dict[str, Any], managers: dict[int, list[int]]) -> list[tuple[int, bool]]:
    """(recipient, is the employee) for the employee (when reachable) and each current
    manager."""
    employee = row["point__plan__employee_id"]
    mine = [(employee, True)] if _can_tell_employee(row) else []
    return mine + [
        (m, False) for m in managers.get(row["point__plan__employee__team_id"], []) if m != employee
    ]


def due_courses_not_started(
    today: datetime.date, managers: dict[int, list[int]], **_context: Any
) -> Iterator[Notice]:
    """001: "goed in de gaten houden dat cursussen daadwerkelijk beginnen" — the desired start
    has passed and the activity is not marked started: flagged to manager and employee."""
    rows = (
        rules.live_activities(today)
        .filter(rules.not_started(today))
        .filter(~notice_exists(NoticeKind.COURSE_NOT_STARTED, "activity", OuterRef("period_from")))
        .values(*ACTIVITY_VALUES)
    )
    for row in rows.iterator(chunk_size=CHUNK):
        # The manager hears whether a course is not even registered yet.
        not_registered = (
            row["kind"] == ActivityKind.COURSE and row["status"] != ActivityStatus.REGISTERED
        )
        for recipient, is_employee in _to_both(row, managers):
            yield new_notice(
                organisation_id=row["point__plan__organisation_id"],
                recipient_id=recipient,
                kind=NoticeKind.COURSE_NOT_STARTED,
                subject=("activity", row["pk"]),
                due_on=row["period_from"],
                params={
                    "to": EMPLOYEE if is_employee else MANAGER,
                    "starts_on": row["period_from"].isoformat(),
                    "not_registered": not_registered,
                },
                link=reverse("plan-progress", args=[row["point__plan_id"]]),
            )


def due_activities_over_time(
    today: datetime.date, managers: dict[int, list[int]], **_context: Any
) -> Iterator[Notice]:
    """001: the employer keeps its commitments first. An employer commitment still only
    planned after its due date goes to the manager; an activity past its end that is not
    completed goes to whoever owns it (the employee, or the manager for the employer)."""
    rows = (
        rules.live_activities(today)
        .filter(rules.employer_overdue(today) | rules.over_time(today))
        .annotate(
            # An open employer commitment is late from its due date; anything else from its
            # end. Each date is its own reason, so the end can make a second, later notice.
            overdue_on=Case(
                When(
                    owner=Owner.EMPLOYER,
                    status=ActivityStatus.PLANNED,
                    due__lt=today,
                    then=F("due"),
                ),
                default=F("end"),
                output_field=DateField(),
            )
        )
        .filter(~notice_exists(NoticeKind.ACTIVITY_OVERDUE, "activity", OuterRef("overdue_on")))
        .values(*ACTIVITY_VALUES, "overdue_on")
    )
    for row in rows.iterator(chunk_size=CHUNK):
        employer = row["owner"] == Owner.EMPLOYER
        due_on = row["overdue_on"]
        if employer:
            recipients = managers.get(row["point__plan__employee__team_id"], [])
        elif _can_tell_employee(row):
            recipients = [row["point__plan__employee_id"]]
        else:
            recipients = managers.get(row["point__plan__employee__team_id"], [])
        for recipient in recipients:
            yield new_notice(
                organisation_id=row["point__plan__organisation_id"],
                recipient_id=recipient,
                kind=NoticeKind.ACTIVITY_OVERDUE,
                subject=("activity", row["pk"]),
                due_on=due_on,
                params={"employer": employer, "due": due_on.isoformat()},
                link=reverse("plan-progress", args=[row["point__plan_id"]]),
            )


def due_course_checks(
    now: datetime.datetime, today: datetime.date, **_context: Any
) -> Iterator[Notice]:
    """001: a course marked started: a week later the employee is asked "Is de cursus echt
    begonnen? Hoe gaat het?" — once, and not when they already answered."""
    rows = (
        rules.live_activities(today)
        .filter(rules.course_check_due(now), point__plan__employee__user__isnull=False)
        .annotate(started_on=Cast(TruncDate("status_changed_at"), DateField()))
        .filter(~notice_exists(NoticeKind.COURSE_CHECK, "activity", OuterRef("started_on")))
        .values(*ACTIVITY_VALUES, "started_on")
    )
    for row in rows.iterator(chunk_size=CHUNK):
        yield new_notice(
            organisation_id=row["point__plan__organisation_id"],
            recipient_id=row["point__plan__employee_id"],
            kind=NoticeKind.COURSE_CHECK,
            subject=("activity", row["pk"]),
            due_on=row["started_on"],
            params={},
            link=reverse("course-check", args=[row["pk"]]),
        )
