"""Scoped reads for the POP pages, the export and the budget: totals come from the database,
or for one plan from the activities loaded with it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from koers.access.actor import Actor
from koers.access.views import get_visible_or_404, visible
from koers.organisations.models import ERASED_PLANNED, ERASED_SPENT, Employee, ErasedFigure
from koers.plans.models import (
    BUDGET_PLANNED,
    BUDGET_SPENT,
    COUNTED_STATUSES,
    ZERO,
    Activity,
    Category,
    DevelopmentPlan,
    DevelopmentPoint,
    TrainingBudget,
)
from koers.signing.models import Signature, Version, VersionStatus
from koers.signing.queries import latest_status

MONEY_FIELD = DecimalField(max_digits=12, decimal_places=2)


def _money_sum(path: str, condition: Q) -> Coalesce:
    return Coalesce(Sum(path, filter=condition), Value(ZERO), output_field=MONEY_FIELD)


def plan_totals(plan: DevelopmentPlan) -> dict[str, Decimal]:
    """TOTAAL and the total per category of one plan. Cancelled costs nothing. From the
    points and activities already loaded with the plan (``with_content``), else in one
    query; ``test_totals`` proves the two agree."""
    cache = getattr(plan, "_prefetched_objects_cache", {})
    points = cache.get("points")
    if points is None or any("activities" not in p._prefetched_objects_cache for p in points):
        return _plan_totals_in_sql(plan)
    totals = {category.value: ZERO for category in Category} | {"total": ZERO}
    for point in points:
        for activity in point.activities.all():
            if activity.status in COUNTED_STATUSES:
                totals[point.category] += activity.cost
                totals["total"] += activity.cost
    return totals


def _plan_totals_in_sql(plan: DevelopmentPlan) -> dict[str, Decimal]:
    counted = Q(status__in=COUNTED_STATUSES)
    sums = {
        category.value: _money_sum("cost", counted & Q(point__category=category.value))
        for category in Category
    }
    return Activity.objects.filter(point__plan=plan).aggregate(
        **sums, total=_money_sum("cost", counted)
    )


def with_content(plans: QuerySet[DevelopmentPlan]) -> QuerySet[DevelopmentPlan]:
    """Plans with everything their page and their document show, in a fixed number of
    queries: points, activities, trainings, versions with their signatures."""
    versions = Version.objects.order_by("number").prefetch_related(
        Prefetch(
            "signatures", queryset=Signature.objects.select_related("signed_by", "recorded_by")
        )
    )
    return plans.select_related(
        "employee__team__department",
        "employee__organisation",
        "organisation",
        "conversation__trajectory",
    ).prefetch_related(
        "trainings",
        Prefetch(
            "points",
            queryset=DevelopmentPoint.objects.prefetch_related(
                Prefetch("activities", queryset=Activity.objects.select_related("course"))
            ),
        ),
        Prefetch("versions", queryset=versions),
    )


def plan_for_page(actor: Actor, pk: int) -> DevelopmentPlan:
    """The plan with everything its page shows, in a fixed number of queries."""
    return get_visible_or_404(with_content(DevelopmentPlan.objects.all()), actor, pk=pk)


# The order of every list of plans: by employee, their newest plan first.
LIST_ORDER = ("employee__last_name", "employee__first_name", "-period_start", "pk")


def plans_for(actor: Actor, filters: dict[str, Any]) -> QuerySet[DevelopmentPlan]:
    """The plans list, filtered and ordered, with nothing per row computed: the state, the
    signature and the cost come for the page's rows only (``shown``), and a state or
    signature is computed here only when the filter asks for it (issue 18: computing them,
    and summing every plan's activities, before the page was taken cost seconds at 100,000
    plans)."""
    plans = visible(DevelopmentPlan, actor)
    if filters.get("department"):
        plans = plans.filter(employee__team__department=filters["department"])
    if filters.get("status"):
        plans = plans.with_state().filter(state=filters["status"])
    if filters.get("signed") in ("yes", "no"):
        plans = plans.annotate(has_signed=_has_signed()).filter(
            has_signed=filters["signed"] == "yes"
        )
    if filters.get("category"):
        plans = plans.filter(
            Exists(
                DevelopmentPoint.objects.filter(plan=OuterRef("pk"), category=filters["category"])
            )
        )
    if filters.get("q"):
        plans = plans.filter(
            Q(employee__last_name__icontains=filters["q"])
            | Q(employee__first_name__icontains=filters["q"])
            | Q(employee__personnel_number__icontains=filters["q"])
        )
    return plans.order_by(*LIST_ORDER)


def _has_signed() -> Exists:
    return Exists(
        Version.objects.filter(
            subject_type__app_label="plans",
            subject_type__model="developmentplan",
            subject_id=OuterRef("pk"),
            status=VersionStatus.SIGNED,
        )
    )


def shown(actor: Actor, pks: Iterable[int] | QuerySet) -> list[DevelopmentPlan]:
    """These plans as a list shows them: the employee and team, ``state``, ``has_signed`` and
    ``total`` (TOTAAL: what is not cancelled, from one grouped query over these plans'
    activities only)."""
    rows = list(
        visible(DevelopmentPlan, actor)
        .filter(pk__in=pks)
        .with_state()
        .select_related("employee__team__department")
        .annotate(has_signed=_has_signed())
        .order_by(*LIST_ORDER)
    )
    sums = dict(
        Activity.objects.filter(point__plan__in=[plan.pk for plan in rows])
        .values("point__plan")
        .order_by()
        .annotate(total=_money_sum("cost", Q(status__in=COUNTED_STATUSES)))
        .values_list("point__plan", "total")
    )
    for plan in rows:
        plan.total = sums.get(plan.pk, ZERO)
    return rows


def cost_totals(plans: QuerySet[DevelopmentPlan]) -> dict[str, Decimal]:
    """The totals of the listed plans per category and overall, in one query."""
    counted = Q(status__in=COUNTED_STATUSES)
    sums = {
        category.value: _money_sum("cost", counted & Q(point__category=category.value))
        for category in Category
    }
    return Activity.objects.filter(point__plan__in=plans.values("pk")).aggregate(
        **sums, total=_money_sum("cost", counted), count=Count("pk", filter=counted)
    )


def activities_for_export(actor: Actor, filters: dict[str, Any]) -> QuerySet[Activity]:
    plans = plans_for(actor, filters)
    return (
        Activity.objects.filter(point__plan__in=plans.values("pk"))
        .select_related("point__plan__employee__team__department")
        .annotate(plan_state=latest_status(DevelopmentPlan, OuterRef("point__plan_id")))
        .order_by(
            "point__plan__employee__last_name",
            "point__plan__employee__first_name",
            "point__plan_id",
            "point__position",
            "point_id",
            "pk",
        )
    )


def budget_overview(actor: Actor, year: int) -> list[dict[str, Any]]:
    """Per department: the budget of that year and the planned and spent cost against it.

    An activity counts in the year it is planned to start (else the plan's start year), for
    the department of the employee's current team; an erased file's cost counts in its
    department's ``ErasedFigure``. Three queries, whatever the size."""
    organisation_id = actor.organisation_id
    budgets = {
        b.department_id: b
        for b in visible(TrainingBudget, actor).filter(year=year).select_related("department")
    }
    # Date ranges, not EXTRACT(YEAR ...) = year: the planner can estimate and use an index
    # (issue 18: the expression was estimated at 882 rows and returned 200,000).
    start, end = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
    in_year = Q(period_from__gte=start, period_from__lt=end) | Q(
        period_from__isnull=True,
        point__plan__period_start__gte=start,
        point__plan__period_start__lt=end,
    )
    figures = (
        visible(Activity, actor)
        .annotate(department_id=F("point__plan__employee__team__department_id"))
        .filter(in_year, point__plan__organisation_id=organisation_id)
        .values("department_id", "point__plan__employee__team__department__name")
        .annotate(
            planned=_money_sum("cost", Q(status__in=BUDGET_PLANNED)),
            spent=_money_sum("cost", Q(status__in=BUDGET_SPENT)),
        )
    )
    rows: dict[int | None, dict[str, Any]] = {}
    for row in figures:
        rows[row["department_id"]] = {
            "department": row["point__plan__employee__team__department__name"],
            "budget": None,
            "planned": row["planned"],
            "spent": row["spent"],
        }
    # What retention erased still counts in its year (issue 16): sums per department.
    erased = visible(ErasedFigure, actor).filter(year=year, key__in=(ERASED_PLANNED, ERASED_SPENT))
    for figure in erased.select_related("department"):
        entry = rows.setdefault(
            figure.department_id,
            {
                "department": figure.department.name if figure.department else None,
                "budget": None,
                "planned": ZERO,
                "spent": ZERO,
            },
        )
        name = "planned" if figure.key == ERASED_PLANNED else "spent"
        entry[name] += figure.total
    for department_id, budget in budgets.items():
        entry = rows.setdefault(
            department_id,
            {"department": budget.department.name, "budget": None, "planned": ZERO, "spent": ZERO},
        )
        entry["budget"] = budget
    result = []
    for entry in rows.values():
        amount = entry["budget"].amount if entry["budget"] else None
        entry["left"] = None if amount is None else amount - entry["planned"] - entry["spent"]
        entry["over"] = entry["left"] is not None and entry["left"] < 0
        result.append(entry)
    return sorted(result, key=lambda e: e["department"] or "")


def team_members_without_plan(actor: Actor) -> QuerySet:
    """People in the teams the actor leads now with no plan that runs today: who still
    needs a POP. One query."""
    today = timezone.localdate()
    current = DevelopmentPlan.objects.filter(
        employee=OuterRef("pk"), period_start__lte=today, period_end__gte=today
    )
    return (
        visible(Employee, actor)
        .filter(team_id__in=actor.led_team_ids)
        .exclude(pk=actor.employee_id)
        .in_service(today)
        .filter(~Exists(current))
        .order_by("last_name", "first_name", "pk")
    )


def reads_signed_version_only(plan: DevelopmentPlan, actor: Actor) -> bool:
    """Who sees what: HR sees the current signed version in the personnel file, not the
    drafts the manager is writing. Only the employee and their current manager see those."""
    from koers.plans.signed import PlanDocument  # signed.py reads through this module

    return PlanDocument(plan).reads_signed_only(actor)


def activities_in_signed_version(plan: DevelopmentPlan) -> QuerySet[Activity]:
    """The live activities of the current signed version: their progress (aangemeld, bezig,
    afgerond) is HR's training administration. Activities of a newer draft are not."""
    from koers.plans.document import activity_ids
    from koers.plans.signed import PlanDocument  # signed.py reads through this module

    document = PlanDocument(plan)
    signed = document.current_signed()
    activities = Activity.objects.filter(point__plan=plan)
    if signed is None:
        return activities.none()
    ids = activity_ids(signed.snapshot or {})
    if ids is not None:
        return activities.filter(pk__in=ids)
    # An older snapshot without ids: the live activities are the signed ones as long as
    # nothing changed since.
    return activities if document.latest.pk == signed.pk else activities.none()
