"""The progress of a plan (001 "Uitvoeren en voortgang volgen"): its timeline of notes and
status changes, and the notes the next talk's Evaluatie phase shows (004)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch

from koers.access.actor import Actor
from koers.access.views import get_visible_or_404, visible
from koers.followup.models import CheckIn
from koers.organisations.models import Employee
from koers.plans.models import ActivityStatusChange, DevelopmentPlan, DevelopmentPoint


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


def plan_for_progress(actor: Actor, pk: int) -> DevelopmentPlan:
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
