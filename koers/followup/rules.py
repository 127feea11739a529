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
- The next conversation (004, 002 step 4, 003 afronding) is due on the date agreed in the
  Afsluiting of the last *held* talk when there is one (and it lies after that talk), else,
  when that talk is one of a trajectory (004), on the day of the series' next talk;
  otherwise the interval after the last held talk (the employee's agreed interval, else the
  organisation's); someone who never had a talk is due the interval after joining. A held
  talk counts as held whether or not its report is signed yet; a planned talk whose hour has
  passed does not count until it is held. ``next_talk_due`` is the rule for one person,
  ``talk_due_by`` the same rule as a database filter; a test proves they agree.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    BooleanField,
    Case,
    DateField,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.utils import timezone

from koers.conversations.models import HELD_STATUSES, OPEN_STATUSES, Conversation, Status
from koers.followup.models import CheckIn, CheckInKind
from koers.lib.dates import add_months, last_start_due_by
from koers.plans.models import (
    COURSE_START_KINDS,
    NOT_STARTED_STATUSES,
    OPEN_ACTIVITY_STATUSES,
    Activity,
    ActivityStatus,
    ActivityStatusChange,
    DevelopmentPlan,
    Owner,
    activity_due,
    activity_end,
)
from koers.signing.models import Version, VersionStatus

OPEN_ACTIVITY = OPEN_ACTIVITY_STATUSES
NOT_STARTED = NOT_STARTED_STATUSES
# 001 "goed in de gaten houden dat cursussen daadwerkelijk beginnen": courses and trainings.
STARTING_KINDS = COURSE_START_KINDS
KEPT = (ActivityStatus.REGISTERED, ActivityStatus.STARTED, ActivityStatus.COMPLETED)
# The one-week question after a course is marked started (001).
COURSE_CHECK_AFTER = datetime.timedelta(days=7)
# "Invitation not answered": the employee has not begun preparing this long after the invite.
INVITATION_ANSWER_DAYS = 7
# "Preparation not shared" this close to the talk.
SHARE_BEFORE = datetime.timedelta(days=2)


def due_expression() -> Coalesce:
    return activity_due()


def end_expression() -> Coalesce:
    return activity_end()


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
    """A course or training (``STARTING_KINDS``) whose start date has passed and that is not
    marked started. Meelopen, zelfstudie, a coach: no start to watch (issue 11 item 6)."""
    return Q(kind__in=STARTING_KINDS, status__in=NOT_STARTED, period_from__lt=today)


def course_check_due(now: datetime.datetime) -> Q:
    """001: a course or training with a start date, marked started a week ago or longer, and
    the employee has not answered "is de cursus echt begonnen?" since."""
    answered = CheckIn.objects.filter(
        activity=OuterRef("pk"),
        kind=CheckInKind.COURSE_CHECK,
        created_at__gte=OuterRef("status_changed_at"),
    )
    return Q(
        kind__in=STARTING_KINDS,
        period_from__isnull=False,
        status=ActivityStatus.STARTED,
        status_changed_at__lte=now - COURSE_CHECK_AFTER,
    ) & ~Exists(answered)


def over_time(today: datetime.date) -> Q:
    return Q(status__in=OPEN_ACTIVITY, end__lt=today)


def kept_on_time() -> Exists:
    """The employer moved it on (registered, started, completed) on or before its due date
    (the local day of the change). Needs ``due`` annotated on the outer query.

    A change before the due day began in UTC was made on or before the due day anywhere
    (no zone is a day ahead of UTC), so only a change from that moment on needs its local
    day, which SQLite computes with a Python function: asked of every change, that took a
    fifth of HR's dashboard at 100,000 people (issue 18)."""
    return Exists(
        ActivityStatusChange.objects.filter(
            activity=OuterRef("pk"), from_status=ActivityStatus.PLANNED, to_status__in=KEPT
        ).filter(
            Q(changed_at__lt=_utc_start_of(OuterRef("due")))
            | Q(changed_at__date__lte=OuterRef("due"))
        )
    )


def _utc_start_of(day: Any) -> Cast:
    """The start of a date's day in UTC, as a moment (for comparing with a stored one)."""
    return Cast(day, output_field=DateTimeField())


def interval_months() -> Coalesce:
    """Per employee: the agreed interval, else the organisation's."""
    from koers.followup.models import ConversationInterval

    return Coalesce(
        Subquery(ConversationInterval.objects.filter(employee=OuterRef("pk")).values("months")[:1]),
        F("organisation__conversation_interval_months"),
    )


def _held_talks() -> QuerySet[Conversation]:
    """Per employee (OuterRef "pk"), their held talks, the most recent first."""
    # The organisation too, though the employee implies it: PostgreSQL then hashes one
    # organisation's talks, not every organisation's (issue 18).
    return Conversation.objects.filter(
        employee=OuterRef("pk"),
        organisation_id=OuterRef("organisation_id"),
        status__in=HELD_STATUSES,
    ).order_by("-starts_at", "-pk")


def last_talk() -> Subquery:
    """When the employee's most recent held talk began (held, reported or signed)."""
    return Subquery(_held_talks().values("starts_at")[:1])


def _next_of_series() -> Case:
    """Per talk (OuterRef: a held talk), the day of the next talk of its trajectory, when it
    is one of a series and that next talk is not cancelled.

    Asked only of a talk in a series (most are not), and among the same employee's talks (a
    series is one person's): with statistics that say ``trajectory_id`` is nearly always
    empty, SQLite otherwise read every later talk of the organisation for every held talk,
    and HR's dashboard did not answer at 100,000 people (bench/results/pages_sqlite_findings.md).
    """
    following = (
        Conversation.objects.filter(
            employee_id=OuterRef("employee_id"),
            trajectory_id=OuterRef("trajectory_id"),
            starts_at__gt=OuterRef("starts_at"),
        )
        .exclude(status=Status.CANCELLED)
        .order_by("starts_at", "pk")
        .annotate(day=TruncDate("starts_at"))
        .values("day")[:1]
    )
    return Case(
        When(trajectory_id__isnull=False, then=Subquery(following, output_field=DateField())),
        default=None,
        output_field=DateField(),
    )


def _held_talks_with_agreed() -> QuerySet[Conversation]:
    """``_held_talks`` with ``agreed``: the date agreed in the Afsluiting of that talk, else
    (004 trajectories) the day of the next talk of its series; either only when it lies after
    the talk (an earlier date is a slip of the pen, never a due date).

    Each comparison with the talk's day asks first whether there is a date at all: on SQLite
    the day of a moment is a Python function (Django's ``django_datetime_cast_date``), and
    calling it for every talk took seconds over 100,000 people (issue 18)."""
    day = TruncDate("starts_at")
    return (
        _held_talks()
        .annotate(series_next=_next_of_series())
        .annotate(
            agreed=Case(
                When(
                    Q(talk_notes__next_date__isnull=False) & Q(talk_notes__next_date__gt=day),
                    then=F("talk_notes__next_date"),
                ),
                When(
                    Q(trajectory_id__isnull=False) & Q(series_next__gt=day),
                    then=F("series_next"),
                ),
                default=None,
                output_field=DateField(),
            )
        )
    )


def agreed_next_talk() -> Subquery:
    """The agreed day of the employee's most recent held talk (``_held_talks_with_agreed``)."""
    return Subquery(_held_talks_with_agreed().values("agreed")[:1])


def _start_of_day_after(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    )


def talk_due_by(day: datetime.date, months: int) -> Q:
    """People (annotated ``last_talk``, ``agreed_next``, with interval ``months``) whose next
    talk is due on or before ``day``: ``next_talk_due(...) <= day`` as a filter."""
    latest = last_start_due_by(day, months)
    until = _start_of_day_after(latest)
    by_interval = (
        Q(last_talk__lt=until)
        | Q(last_talk__isnull=True, in_service_since__lte=latest)
        | Q(last_talk__isnull=True, in_service_since__isnull=True)
    )
    return Q(agreed_next__lte=day) | (Q(agreed_next__isnull=True) & by_interval)


def talk_covered_on(day: datetime.date, months: int) -> Q:
    """People who had a held talk and whose next one is not due yet on ``day``: the exact
    complement of ``talk_due_by`` among those with a held talk (HR's coverage), for people
    with this interval.

    One subquery that judges the most recent held talk: the agreed day lies after ``day``, or
    none was agreed and the talk is recent enough. Written with the ``last_talk`` and
    ``agreed_next`` annotations instead, SQLite ran those subqueries again at every mention:
    five per person, 4.4 s for HR's figures at 100,000 people (issue 18)."""
    until = _start_of_day_after(last_start_due_by(day, months))
    # COALESCE: "agreed > day" is unknown exactly when nothing was agreed, and then the
    # talk's own date decides; ``agreed`` is written out once, not once per test of it.
    verdict = _held_talks_with_agreed().annotate(
        covers=Coalesce(
            ExpressionWrapper(Q(agreed__gt=day), output_field=BooleanField()),
            ExpressionWrapper(Q(starts_at__gte=until), output_field=BooleanField()),
            output_field=BooleanField(),
        )
    )
    return Q(Subquery(verdict.values("covers")[:1], output_field=BooleanField()))


def next_talk() -> Subquery:
    """The start of the employee's next open talk (planned or in preparation)."""
    return Subquery(
        Conversation.objects.filter(
            employee=OuterRef("pk"),
            organisation_id=OuterRef("organisation_id"),
            status__in=OPEN_STATUSES,
            starts_at__gt=timezone.now(),
        )
        .order_by("starts_at")
        .values("starts_at")[:1]
    )


def next_talk_due(
    last: datetime.datetime | None,
    joined: datetime.date | None,
    months: int,
    agreed: datetime.date | None = None,
) -> datetime.date | None:
    """The one rule for one person: the agreed date, else the interval after the last held
    talk, else the interval after joining; never a date before the last held talk. ``None``
    when nothing is known (no talk, no date of joining): due now."""
    held_on = timezone.localtime(last).date() if last is not None else None
    if agreed is not None and (held_on is None or agreed > held_on):
        return agreed
    if held_on is not None:
        return add_months(held_on, months)
    if joined is not None:
        return add_months(joined, months)
    return None
