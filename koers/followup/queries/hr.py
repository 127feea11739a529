"""HR's figures per department: coverage, signed plans, employer commitments kept on time,
cost against budget and the mark for the talk. Counts only, never names or notes."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from koers.access.actor import Actor
from koers.access.views import visible
from koers.conversations.models import Conversation, Status, TalkRating
from koers.followup import rules
from koers.organisations.models import ERASED_RATING, Employee, ErasedFigure
from koers.plans.models import Activity, ActivityStatus, DevelopmentPlan, Owner
from koers.plans.queries import budget_overview
from koers.signing.models import Version, VersionStatus


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


def signed_current_plan(today: datetime.date) -> Exists:
    signed = Version.objects.filter(
        subject_type_id=rules.plan_content_type_id(),
        subject_id=OuterRef("pk"),
        status=VersionStatus.SIGNED,
    )
    return Exists(
        DevelopmentPlan.objects.filter(
            employee=OuterRef("pk"),
            organisation_id=OuterRef("organisation_id"),  # one organisation's plans (issue 18)
            period_start__lte=today,
            period_end__gte=today,
        ).filter(Exists(signed))
    )


def covered_filter(today: datetime.date, months_values: list[int]) -> Q:
    """Had a held talk and the next one is not due yet (the one rule, ``rules.talk_covered_on``):
    one condition per interval length in use (a handful), so the count stays one query."""
    condition = Q(pk__in=[])
    for months in months_values:
        condition |= Q(months=months) & rules.talk_covered_on(today, months)
    return condition


def hr_figures(actor: Actor, year: int | None = None) -> HrFigures:
    """Coverage (a talk within the interval), signed-plan share, employer commitments kept on
    time and overdue, per department; cost planned vs spent vs budget (the POP's budget
    query); the average mark for the talk. A fixed number of queries, whatever the size of
    the organisation."""
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
            covered=Count("pk", filter=covered_filter(today, months_values)),
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


# "Figures for HR are never shown for groups smaller than 5 people" (domain, AVG).
MIN_RATED_PEOPLE = 5


def conversation_score(actor: Actor) -> tuple[bool, Decimal | None, list[dict[str, Any]]]:
    """The average mark employees gave their talk themselves (004 Afsluiting: "wat vond de
    medewerker van het gesprek?", TalkRating, 1–5), per department — only for a department
    where at least ``MIN_RATED_PEOPLE`` different people gave one, so that no small group
    can be recognised. "Liever niet" and marks the manager typed before do not count. The
    overall average is over the departments shown (over all, the hidden ones could be worked
    out by subtraction). Two queries, however many departments and talks."""
    talks = visible(Conversation, actor).exclude(status=Status.CANCELLED)
    rows = (
        TalkRating.objects.counted()
        .filter(conversation__in=talks.values("pk"))
        .values(
            "conversation__employee__team__department_id",
            "conversation__employee__team__department__name",
        )
        .annotate(
            total=Sum("score"),
            count=Count("pk"),
            people=Count("conversation__employee", distinct=True),
        )
        .order_by()
    )
    # Marks of files that retention erased still count (issue 16); an erased person is
    # never among the live ones, so the numbers of people add up.
    merged: dict[int | None, dict[str, Any]] = {}
    for row in rows:
        merged[row["conversation__employee__team__department_id"]] = {
            "department": row["conversation__employee__team__department__name"] or "",
            "total": row["total"],
            "count": row["count"],
            "people": row["people"],
        }
    erased = visible(ErasedFigure, actor).filter(key=ERASED_RATING).select_related("department")
    for figure in erased:
        entry = merged.setdefault(
            figure.department_id,
            {
                "department": figure.department.name if figure.department else "",
                "total": 0,
                "count": 0,
                "people": 0,
            },
        )
        entry["total"] += int(figure.total)
        entry["count"] += figure.count
        entry["people"] += figure.people
    shown = sorted(
        (e for e in merged.values() if e["people"] >= MIN_RATED_PEOPLE and e["count"]),
        key=lambda e: e["department"],
    )
    per_department = [
        {
            "department": entry["department"],
            "average": Decimal(str(round(entry["total"] / entry["count"], 1))),
            "count": entry["count"],
        }
        for entry in shown
    ]
    total = sum(e["count"] for e in shown)
    overall = Decimal(str(round(sum(e["total"] for e in shown) / total, 1))) if total else None
    return True, overall, per_department
