"""The follow-up rules, as database expressions, in one place: what counts as a live activity,
its due date, overdue, an employer commitment kept on time, the conversation interval.

- An activity is *live* when its plan has been agreed (at least one signed version), the plan
  runs until today or later, and the employee is in service; cancelled and completed
  activities are done.
- *Due* (when it should have begun): the desired start, else the desired end, else the
  development point's deadline. An employer commitment (register for a course, arrange a
  coach, free up time, pay) is *overdue* when that date has passed and it is still only
  planned; it is *kept on time* when it was registered, started or completed on or before it.
- *Not started* (001 "dat cursussen daadwerkelijk beginnen"): the desired start has passed
  and the activity is planned or registered, not started.
- *Over time*: the desired end (else the point's deadline) has passed and it is not completed.
- The next conversation is due the interval after the last talk (the employee's agreed
  interval, else the organisation's); someone who never had a talk is due the interval
  after joining.
"""

from __future__ import annotations

import calendar
import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from koers.conversations.models import OPEN_STATUSES, Conversation, Status
from koers.plans.models import (
    Activity,
    ActivityStatus,
    ActivityStatusChange,
    DevelopmentPlan,
    Owner,
)
from koers.signing.models import Version, VersionStatus

OPEN_ACTIVITY = (ActivityStatus.PLANNED, ActivityStatus.REGISTERED, ActivityStatus.STARTED)
NOT_STARTED = (ActivityStatus.PLANNED, ActivityStatus.REGISTERED)
KEPT = (ActivityStatus.REGISTERED, ActivityStatus.STARTED, ActivityStatus.COMPLETED)
# The one-week question after a course is marked started (001).
COURSE_CHECK_AFTER = datetime.timedelta(days=7)
# "Invitation not answered": the employee has not begun preparing this long after the invite.
INVITATION_ANSWER_DAYS = 7
# "Preparation not shared" this close to the talk.
SHARE_BEFORE = datetime.timedelta(days=2)


def add_months(day: datetime.date, months: int) -> datetime.date:
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def due_expression() -> Coalesce:
    return Coalesce("period_from", "period_to", "point__deadline", output_field=DateField())


def end_expression() -> Coalesce:
    return Coalesce("period_to", "point__deadline", output_field=DateField())


def plan_content_type_id() -> int:
    return ContentType.objects.get_for_model(DevelopmentPlan).pk


def agreed_plan(plan_ref: str = "point__plan") -> Exists:
    """The plan has a signed version: its activities are agreements, not a draft."""
    return Exists(
        Version.objects.filter(
            subject_type_id=plan_content_type_id(),
            subject_id=OuterRef(plan_ref),
            status=VersionStatus.SIGNED,
        )
    )


def live_activities(today: datetime.date | None = None) -> QuerySet[Activity]:
    """Activities that still need follow-up, annotated with ``due`` and ``end``."""
    today = today or timezone.localdate()
    return (
        Activity.objects.filter(
            status__in=OPEN_ACTIVITY,
            point__plan__period_end__gte=today,
        )
        .filter(
            Q(point__plan__employee__left_service_on__isnull=True)
            | Q(point__plan__employee__left_service_on__gt=today)
        )
        .filter(agreed_plan())
        .annotate(due=due_expression(), end=end_expression())
    )


def employer_overdue(today: datetime.date) -> Q:
    return Q(owner=Owner.EMPLOYER, status=ActivityStatus.PLANNED, due__lt=today)


def not_started(today: datetime.date) -> Q:
    return Q(status__in=NOT_STARTED, period_from__lt=today)


def over_time(today: datetime.date) -> Q:
    return Q(status__in=OPEN_ACTIVITY, end__lt=today)


def kept_on_time() -> Exists:
    """The employer moved it on (registered, started, completed) on or before its due date.
    Needs ``due`` annotated on the outer query."""
    return Exists(
        ActivityStatusChange.objects.filter(
            activity=OuterRef("pk"),
            from_status=ActivityStatus.PLANNED,
            to_status__in=KEPT,
            changed_at__date__lte=OuterRef("due"),
        )
    )


def interval_months() -> Coalesce:
    """Per employee: the agreed interval, else the organisation's."""
    from koers.followup.models import ConversationInterval

    return Coalesce(
        Subquery(ConversationInterval.objects.filter(employee=OuterRef("pk")).values("months")[:1]),
        F("organisation__conversation_interval_months"),
    )


def last_talk() -> Subquery:
    """When the employee's most recent talk (not cancelled) began, up to now."""
    return Subquery(
        Conversation.objects.filter(employee=OuterRef("pk"), starts_at__lte=timezone.now())
        .exclude(status=Status.CANCELLED)
        .order_by("-starts_at")
        .values("starts_at")[:1]
    )


def next_talk() -> Subquery:
    """The start of the employee's next open talk (planned or in preparation)."""
    return Subquery(
        Conversation.objects.filter(
            employee=OuterRef("pk"), status__in=OPEN_STATUSES, starts_at__gt=timezone.now()
        )
        .order_by("starts_at")
        .values("starts_at")[:1]
    )


def next_talk_due(
    last: datetime.datetime | None, joined: datetime.date | None, months: int
) -> datetime.date | None:
    if last is not None:
        return add_months(timezone.localtime(last).date(), months)
    if joined is not None:
        return add_months(joined, months)
    return None
