"""Scoped, set-based reads for the follow-up pages: the progress timeline, the dashboards of
manager, employee and HR, and the notice list. No query runs per employee: the dashboards
ask the database for counts per person or per department in a fixed number of queries.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from koers.conversations.models import OPEN_STATUSES, Conversation, Status
from koers.conversations.queries import months_before
from koers.followup import rules
from koers.followup.models import CheckIn, CheckInKind, Notice
from koers.organisations.access import Actor, visible
from koers.organisations.models import Employee
from koers.plans.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    ActivityStatusChange,
    DevelopmentPlan,
    Owner,
)
from koers.signing.models import Version, VersionStatus
from koers.signing.status import status_text

# A talk is "due soon" on the manager's board this many days before its due date.
DUE_SOON = datetime.timedelta(days=30)


# --- progress notes ----------------------------------------------------------------------


@dataclass
class TimelineEntry:
    at: datetime.datetime
    check_in: CheckIn | None = None
    status_change: ActivityStatusChange | None = None


def progress_timeline(plan: DevelopmentPlan, actor: Actor) -> list[TimelineEntry]:
    """The plan's progress notes and activity status changes, newest first; two queries."""
    notes = (
        visible(CheckIn, actor)
        .filter(plan=plan)
        .select_related("author", "point", "activity")
        .order_by("-created_at", "-pk")
    )
    changes = (
        visible(ActivityStatusChange, actor)
        .filter(activity__point__plan=plan)
        .select_related("activity", "changed_by")
        .order_by("-changed_at", "-pk")
    )
    entries = [TimelineEntry(n.created_at, check_in=n) for n in notes]
    entries += [TimelineEntry(c.changed_at, status_change=c) for c in changes]
    return sorted(entries, key=lambda e: e.at, reverse=True)


def check_ins_for_evaluation(
    employee: Employee, actor: Actor, *, before: datetime.datetime | None = None
) -> list[CheckIn]:
    """004 Evaluatie: for the next talk, the progress notes on the employee's plans (up to
    ``before``, e.g. the start of that talk), grouped by point in plan order and newest first
    within a point. Scoped to what ``actor`` may read (the employee, their current manager);
    one query. The conversation cycle calls this to show them in the Evaluatie phase."""
    notes = visible(CheckIn, actor).filter(plan__employee=employee)
    if before is not None:
        notes = notes.filter(created_at__lt=before)
    return list(
        notes.select_related("point", "activity", "author", "plan").order_by(
            "-plan__period_start", "point__position", "point_id", "-created_at", "-pk"
        )
    )


# --- shared pieces -----------------------------------------------------------------------


def _count(queryset: QuerySet) -> Coalesce:
    """A correlated count (the queryset is filtered on an OuterRef) as an integer."""
    return Coalesce(
        Subquery(
            queryset.order_by().values("point__plan__employee").annotate(n=Count("pk")).values("n")
        ),
        Value(0),
        output_field=IntegerField(),
    )


def current_plan(today: datetime.date) -> QuerySet[DevelopmentPlan]:
    """Per employee (OuterRef "pk"): the plan that runs today, else the newest."""
    return DevelopmentPlan.objects.filter(employee=OuterRef("pk")).order_by(
        Case(
            When(period_start__lte=today, period_end__gte=today, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        "-period_start",
        "-pk",
    )


def signed_current_plan(today: datetime.date) -> Exists:
    signed = Version.objects.filter(
        subject_type_id=rules.plan_content_type_id(),
        subject_id=OuterRef("pk"),
        status=VersionStatus.SIGNED,
    )
    return Exists(
        DevelopmentPlan.objects.filter(
            employee=OuterRef("pk"), period_start__lte=today, period_end__gte=today
        ).filter(Exists(signed))
    )


def _annotate_people(people: QuerySet[Employee], today: datetime.date) -> QuerySet[Employee]:
    live = rules.live_activities(today).filter(point__plan__employee=OuterRef("pk"))
    employer = live.filter(owner=Owner.EMPLOYER)
    plans = current_plan(today)
    return people.annotate(
        months=rules.interval_months(),
        last_talk=rules.last_talk(),
        next_talk=rules.next_talk(),
        plan_id=Subquery(plans.values("pk")[:1]),
        plan_state=Subquery(plans.with_state().values("state")[:1]),
        open_activities=_count(live),
        overdue_activities=_count(
            live.filter(rules.over_time(today) | rules.employer_overdue(today))
        ),
        employer_open=_count(employer.filter(status=ActivityStatus.PLANNED)),
        employer_overdue=_count(employer.filter(rules.employer_overdue(today))),
        not_started=_count(live.filter(rules.not_started(today))),
    )


def _due_of(person: Employee) -> datetime.date | None:
    return rules.next_talk_due(person.last_talk, person.in_service_since, person.months)


# --- the manager: "mijn team" ------------------------------------------------------------


TEAM_FILTERS = ("all", "talk", "late", "no_plan")


@dataclass
class TeamBoard:
    people: list[Employee]
    commitments: list[Activity]
    own_activities: list[Activity]
    shown: str
    total: int
    counts: dict[str, int] = field(default_factory=dict)


def team_board(actor: Actor, shown: str = "all", team_id: int | None = None) -> TeamBoard:
    """Per person in the teams I lead now: last talk, next talk or when it is due, plan
    status, open and overdue activities, employer commitments. Employer commitments are
    listed first (001: "Afspraken uit het POP dienen als eerste vanuit de leiding te worden
    nagekomen"). Three queries, whatever the team size."""
    today = timezone.localdate()
    team_ids = actor.led_team_ids
    if team_id is not None and team_id in team_ids:
        team_ids = frozenset({team_id})
    people = list(
        _annotate_people(
            visible(Employee, actor)
            .filter(team_id__in=team_ids)
            .exclude(pk=actor.employee_id)
            .in_service(today)
            .select_related("team"),
            today,
        ).order_by("last_name", "first_name", "pk")
    )
    for person in people:
        person.next_due = _due_of(person)
        person.plan_status = status_text(person.plan_state) if person.plan_state else None
        person.talk_needed = person.next_talk is None and (
            person.next_due is None or person.next_due <= today + DUE_SOON
        )
        person.talk_overdue = person.next_talk is None and (
            person.next_due is None or person.next_due < today
        )
    groups = {
        "all": people,
        "talk": [p for p in people if p.talk_needed],
        "late": [p for p in people if p.overdue_activities or p.not_started],
        "no_plan": [p for p in people if p.plan_id is None],
    }
    shown = shown if shown in groups else "all"
    activities = (
        rules.live_activities(today)
        .filter(point__plan__employee__team_id__in=team_ids)
        .exclude(point__plan__employee_id=actor.employee_id)
        .filter(point__plan__employee__in=visible(Employee, actor))
        .select_related("point__plan__employee")
        .annotate(
            overdue=Case(
                When(rules.employer_overdue(today) | rules.over_time(today), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("-overdue", "due", "pk")
    )
    rows = list(activities)
    for activity in rows:
        activity.is_overdue = bool(activity.overdue)
        activity.not_started = (
            activity.status in rules.NOT_STARTED
            and activity.period_from is not None
            and activity.period_from < today
        )
    return TeamBoard(
        people=groups[shown],
        commitments=[a for a in rows if a.owner == Owner.EMPLOYER],
        own_activities=[a for a in rows if a.owner == Owner.EMPLOYEE],
        shown=shown,
        total=len(people),
        counts={key: len(value) for key, value in groups.items()},
    )


# --- the employee: "mijn koers" ----------------------------------------------------------


@dataclass
class MyCourse:
    next_talk: Conversation | None
    last_talk: datetime.datetime | None
    next_due: datetime.date | None
    plan: DevelopmentPlan | None
    my_actions: list[Activity]
    employer_actions: list[Activity]
    progress: dict[str, int]
    recent_notes: list[CheckIn]
    course_checks: list[Activity]

    @property
    def done_share(self) -> int:
        total = self.progress.get("total", 0)
        return round(100 * self.progress.get("completed", 0) / total) if total else 0


def my_course(actor: Actor) -> MyCourse:
    """My next talk, what I do next, what my employer does next, my progress. A fixed number
    of queries."""
    today = timezone.localdate()
    me = _annotate_people(
        visible(Employee, actor).filter(pk=actor.employee_id), today
    ).select_related("organisation")
    person = me.first()
    next_talk = (
        visible(Conversation, actor)
        .filter(employee_id=actor.employee_id, status__in=OPEN_STATUSES)
        .filter(starts_at__gt=timezone.now())
        .select_related("manager", "conversation_type")
        .order_by("starts_at")
        .first()
    )
    plan = (
        visible(DevelopmentPlan, actor)
        .filter(employee_id=actor.employee_id, pk=getattr(person, "plan_id", None))
        .first()
    )
    actions = list(
        rules.live_activities(today)
        .filter(point__plan__employee_id=actor.employee_id)
        .select_related("point")
        .order_by("due", "pk")
    )
    for activity in actions:
        activity.is_overdue = (activity.end is not None and activity.end < today) or (
            activity.owner == Owner.EMPLOYER
            and activity.status == ActivityStatus.PLANNED
            and activity.due is not None
            and activity.due < today
        )
    progress: dict[str, int] = {}
    if plan is not None:
        progress = Activity.objects.filter(point__plan=plan).aggregate(
            total=Count("pk", filter=~Q(status=ActivityStatus.CANCELLED)),
            completed=Count("pk", filter=Q(status=ActivityStatus.COMPLETED)),
            started=Count("pk", filter=Q(status=ActivityStatus.STARTED)),
            registered=Count("pk", filter=Q(status=ActivityStatus.REGISTERED)),
            planned=Count("pk", filter=Q(status=ActivityStatus.PLANNED)),
        )
    answered = CheckIn.objects.filter(
        activity=OuterRef("pk"),
        kind=CheckInKind.COURSE_CHECK,
        created_at__gte=OuterRef("status_changed_at"),
    )
    checks = [
        a
        for a in actions
        if a.kind == ActivityKind.COURSE
        and a.status == ActivityStatus.STARTED
        and a.status_changed_at is not None
        and a.status_changed_at <= timezone.now() - rules.COURSE_CHECK_AFTER
    ]
    if checks:
        open_ids = set(
            Activity.objects.filter(pk__in=[a.pk for a in checks])
            .filter(~Exists(answered))
            .values_list("pk", flat=True)
        )
        checks = [a for a in checks if a.pk in open_ids]
    return MyCourse(
        next_talk=next_talk,
        last_talk=getattr(person, "last_talk", None),
        next_due=_due_of(person) if person else None,
        plan=plan,
        my_actions=[a for a in actions if a.owner == Owner.EMPLOYEE],
        employer_actions=[a for a in actions if a.owner == Owner.EMPLOYER],
        progress=progress,
        recent_notes=list(
            visible(CheckIn, actor)
            .filter(plan__employee_id=actor.employee_id)
            .select_related("point", "activity", "author")[:5]
        ),
        course_checks=checks,
    )


# --- HR: figures per department ----------------------------------------------------------


@dataclass
class DepartmentFigures:
    department_id: int | None
    name: str
    people: int = 0
    covered: int = 0
    signed: int = 0
    commitments_due: int = 0
    kept_on_time: int = 0
    overdue: int = 0

    @staticmethod
    def share(part: int, whole: int) -> int:
        return round(100 * part / whole) if whole else 0

    @property
    def coverage_share(self) -> int:
        return self.share(self.covered, self.people)

    @property
    def signed_share(self) -> int:
        return self.share(self.signed, self.people)

    @property
    def kept_share(self) -> int:
        return self.share(self.kept_on_time, self.commitments_due)


@dataclass
class HrFigures:
    departments: list[DepartmentFigures]
    total: DepartmentFigures
    budget: list[dict[str, Any]]
    year: int
    score: Decimal | None = None
    score_available: bool = False
    scores: list[dict[str, Any]] = field(default_factory=list)


def covered_filter(actor: Actor, today: datetime.date, months_values: list[int]) -> Q:
    """Had a talk (not cancelled) within their interval: one condition per interval length in
    use (a handful), so the count stays one query."""
    now = timezone.now()
    condition = Q(pk__in=[])
    for months in months_values:
        since = timezone.make_aware(
            datetime.datetime.combine(months_before(today, months), datetime.time.min)
        )
        talk = (
            Conversation.objects.filter(
                employee=OuterRef("pk"), starts_at__gte=since, starts_at__lte=now
            )
            .exclude(status=Status.CANCELLED)
            .values("pk")
        )
        condition |= Q(months=months) & Q(Exists(talk))
    return condition


def hr_figures(actor: Actor, year: int | None = None) -> HrFigures:
    """Coverage (a talk within the interval), signed-plan share, employer commitments kept on
    time and overdue, per department; cost planned vs spent vs budget (the POP's budget
    query); the average mark for the talk. A fixed number of queries, whatever the size of
    the organisation."""
    from koers.plans.queries import budget_overview

    today = timezone.localdate()
    year = year or today.year
    people = (
        visible(Employee, actor)
        .filter(team__isnull=False)
        .in_service(today)
        .annotate(months=rules.interval_months())
    )
    months_values = sorted(set(people.values_list("months", flat=True).order_by().distinct()))
    rows = (
        people.values("team__department_id", "team__department__name")
        .annotate(
            total=Count("pk"),
            covered=Count("pk", filter=covered_filter(actor, today, months_values)),
            signed=Count("pk", filter=Q(signed_current_plan(today))),
        )
        .order_by("team__department__name")
    )
    figures: dict[int | None, DepartmentFigures] = {}
    for row in rows:
        figures[row["team__department_id"]] = DepartmentFigures(
            department_id=row["team__department_id"],
            name=row["team__department__name"],
            people=row["total"],
            covered=row["covered"],
            signed=row["signed"],
        )
    commitments = (
        visible(Activity, actor)
        .filter(owner=Owner.EMPLOYER, point__plan__organisation_id=actor.organisation_id)
        .exclude(status=ActivityStatus.CANCELLED)
        .filter(rules.agreed_plan())
        .filter(
            Q(point__plan__employee__left_service_on__isnull=True)
            | Q(point__plan__employee__left_service_on__gt=today)
        )
        .annotate(due=rules.due_expression())
        .filter(due__lt=today)
        .values("point__plan__employee__team__department_id")
        .annotate(
            due_count=Count("pk"),
            kept=Count("pk", filter=Q(rules.kept_on_time())),
            overdue=Count("pk", filter=Q(status=ActivityStatus.PLANNED)),
        )
        .order_by()
    )
    for row in commitments:
        entry = figures.get(row["point__plan__employee__team__department_id"])
        if entry is None:
            continue
        entry.commitments_due = row["due_count"]
        entry.kept_on_time = row["kept"]
        entry.overdue = row["overdue"]
    departments = sorted(figures.values(), key=lambda f: f.name)
    total = DepartmentFigures(department_id=None, name="")
    for entry in departments:
        for name in ("people", "covered", "signed", "commitments_due", "kept_on_time", "overdue"):
            setattr(total, name, getattr(total, name) + getattr(entry, name))
    result = HrFigures(
        departments=departments, total=total, budget=budget_overview(actor, year), year=year
    )
    result.score_available, result.score, result.scores = conversation_score(actor)
    return result


def conversation_score(actor: Actor) -> tuple[bool, Decimal | None, list[dict[str, Any]]]:
    """The average mark employees gave their talk (004 Afsluiting: "wat vond de medewerker van
    het gesprek?"), overall and per department, when the conversation cycle records one
    (TalkNotes.employee_score, 1–5); (False, None, []) while it does not. One query."""
    from django.apps import apps
    from django.core.exceptions import FieldDoesNotExist
    from django.db.models import Avg

    try:
        notes = apps.get_model("conversations", "TalkNotes")
        notes._meta.get_field("employee_score")
    except (LookupError, FieldDoesNotExist):
        return False, None, []
    talks = visible(Conversation, actor).exclude(status=Status.CANCELLED)
    rows = list(
        notes.objects.filter(conversation__in=talks.values("pk"), employee_score__isnull=False)
        .values("conversation__employee__team__department__name")
        .annotate(avg=Avg("employee_score"), count=Count("pk"))
        .order_by("conversation__employee__team__department__name")
    )
    per_department = [
        {
            "department": row["conversation__employee__team__department__name"] or "",
            "average": Decimal(str(round(row["avg"], 1))),
            "count": row["count"],
        }
        for row in rows
    ]
    total = sum(r["count"] for r in rows)
    overall = (
        Decimal(str(round(sum(r["avg"] * r["count"] for r in rows) / total, 1))) if total else None
    )
    return True, overall, per_department


# --- notices -----------------------------------------------------------------------------


def notices_for(actor: Actor) -> QuerySet[Notice]:
    return visible(Notice, actor).order_by("-created_at", "-pk")


def unread_count(actor: Actor) -> int:
    if actor.employee_id is None:
        return 0
    return visible(Notice, actor).unread().count()


def plan_for_progress(actor: Actor, pk: int) -> DevelopmentPlan:
    from koers.organisations.access import get_visible_or_404
    from koers.plans.models import DevelopmentPoint

    return get_visible_or_404(
        DevelopmentPlan.objects.select_related("employee__team", "organisation").prefetch_related(
            Prefetch(
                "points",
                queryset=DevelopmentPoint.objects.prefetch_related("activities"),
            )
        ),
        actor,
        pk=pk,
    )
