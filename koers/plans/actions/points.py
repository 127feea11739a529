"""Development points and their activities (001 step 4, 003); activity progress.

Points and activities are the plan's content: a change goes into the draft version. Activity
status changes are progress: they are logged with who and when and need no new signature.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.access import policy
from koers.access.actor import Actor
from koers.audit import events as audit
from koers.lib import concurrency
from koers.lib.errors import Refused, register_messages
from koers.plans import smart
from koers.plans.models import (
    COURSE_START_KINDS,
    NEXT_STATUSES,
    OPEN_ACTIVITY_STATUSES,
    ZERO,
    Activity,
    ActivityStatus,
    ActivityStatusChange,
    Course,
    DevelopmentPlan,
    DevelopmentPoint,
)
from koers.plans.signed import PlanDocument
from koers.signing import workflow

register_messages(
    {
        "plan.status_not_allowed": _("Die stap kan nu niet."),
        "plan.no_course_start": _(
            "Deze vraag gaat alleen over een cursus of opleiding met een begindatum."
        ),
    }
)


def _edit(actor: Actor, plan: DevelopmentPlan) -> None:
    """The current manager writes in the plan's draft version (after signing, the next)."""
    policy.require(actor, "edit", plan)
    workflow.draft(PlanDocument(plan), actor.employee)


def _changed(actor: Actor, plan: DevelopmentPlan, verb: str, **params: Any) -> None:
    audit.record(actor, verb, plan, employee=plan.employee, **params)


# --- points --------------------------------------------------------------------------------


@transaction.atomic
def save_point(
    actor: Actor,
    plan: DevelopmentPlan,
    point: DevelopmentPoint | None = None,
    *,
    expected_revision: int | None = None,
    **values: Any,
) -> DevelopmentPoint:
    """001 step 4 / 003: a development point in its category, with its SMART agreement.
    ``expected_revision``: the point's revision when the form was loaded; a save on an older
    one is refused (``StaleEdit``)."""
    _edit(actor, plan)
    created = point is None
    if point is None:
        point = DevelopmentPoint(plan=plan, position=plan.points.count())
    else:
        concurrency.claim(point, expected_revision, values=values)
    for name, value in values.items():
        setattr(point, name, value)
    point.full_clean()
    point.save()
    verb = "plan.point_added" if created else "plan.point_changed"
    _changed(actor, plan, verb, point=point.pk, category=point.category)
    return point


@transaction.atomic
def adopt_agreements(
    actor: Actor, plan: DevelopmentPlan, agreements: Iterable[Mapping[str, Any]]
) -> list[DevelopmentPoint]:
    """001 step 4: the agreements of the talk become the plan's development points (one
    source of truth). Each mapping holds ``category``, ``title`` and the SMART parts
    (``smart.PARTS``); the conversation cycle calls this when it hands agreements over."""
    policy.require(actor, "edit", plan)
    fields = {"category", "title", *smart.PARTS}
    return [
        save_point(actor, plan, **{k: v for k, v in agreement.items() if k in fields})
        for agreement in agreements
    ]


@transaction.atomic
def remove_point(actor: Actor, point: DevelopmentPoint) -> None:
    plan = point.plan
    _edit(actor, plan)
    point_id, category = point.pk, point.category
    point.delete()
    _changed(actor, plan, "plan.point_removed", point=point_id, category=category)


# --- activities ----------------------------------------------------------------------------


def _fill_from_course(values: dict[str, Any], course: Course | None) -> dict[str, Any]:
    """Picking a catalogue course fills what is still empty; the activity keeps its own copy
    of the cost, so a later catalogue price leaves the plan alone."""
    if course is None:
        return values
    filled = {**values, "course": course}
    if not filled.get("description"):
        filled["description"] = course.name
    if not filled.get("institute"):
        filled["institute"] = course.institute
    if not filled.get("course_number"):
        filled["course_number"] = course.course_number
    if filled.get("cost") is None:
        filled["cost"] = course.cost
    if not filled.get("kind"):
        filled["kind"] = "course"
    return filled


@transaction.atomic
def save_activity(
    actor: Actor,
    point: DevelopmentPoint,
    activity: Activity | None = None,
    *,
    expected_revision: int | None = None,
    **values: Any,
) -> Activity:
    """001 form: an activity under a point (course + institute, internal training, coach,
    meelopen, zelfstudie), its cost, period and whether it is in working time.
    ``expected_revision``: as for ``save_point``."""
    plan = point.plan
    _edit(actor, plan)
    if activity is not None:
        concurrency.claim(activity, expected_revision, values=values)
    values = _fill_from_course(values, values.get("course"))
    if values.get("cost") is None:
        values.pop("cost", None)
    created = activity is None
    if activity is None:
        activity = Activity(point=point)
    for name, value in values.items():
        setattr(activity, name, value)
    if activity.cost is None:
        activity.cost = ZERO
    activity.full_clean()
    activity.save()
    verb = "plan.activity_added" if created else "plan.activity_changed"
    _changed(actor, plan, verb, activity=activity.pk, kind=activity.kind)
    return activity


@transaction.atomic
def remove_activity(actor: Actor, activity: Activity) -> None:
    plan = activity.point.plan
    _edit(actor, plan)
    activity_id, kind = activity.pk, activity.kind
    activity.delete()
    _changed(actor, plan, "plan.activity_removed", activity=activity_id, kind=kind)


@transaction.atomic
def change_activity_status(actor: Actor, activity: Activity, status: str) -> Activity:
    """001 "Uitvoeren en voortgang volgen": registered, started, completed. Progress, not a
    change of the agreement: no new version, but logged with who and when."""
    plan = activity.point.plan
    policy.require(actor, "track", plan)
    if status not in NEXT_STATUSES[activity.status]:
        raise Refused("plan.status_not_allowed")
    return _move(actor, activity, status)


def _move(actor: Actor, activity: Activity, status: str) -> Activity:
    plan = activity.point.plan
    ActivityStatusChange.objects.create(
        activity=activity,
        from_status=activity.status,
        to_status=status,
        changed_by_id=actor.employee_id,
    )
    activity.status = status
    activity.status_changed_at = timezone.now()
    activity.status_changed_by_id = actor.employee_id
    activity.save(update_fields=["status", "status_changed_at", "status_changed_by"])
    _changed(actor, plan, "plan.activity_progress", activity=activity.pk, status=status)
    return activity


@transaction.atomic
def answer_course_start(actor: Actor, activity: Activity, answer: str) -> Activity:
    """001 "goed in de gaten houden dat cursussen daadwerkelijk beginnen": the employee says
    in one click whether their course or training began (``yes``), not yet
    (``not_yet``: a start the manager marked is undone) or stopped (``stopped``). Only for
    courses and trainings with a start date; logged like the manager's progress steps."""
    policy.require(actor, "answer_course_start", activity)
    if activity.kind not in COURSE_START_KINDS or activity.period_from is None:
        raise Refused("plan.no_course_start")
    target = {
        "yes": ActivityStatus.STARTED,
        "stopped": ActivityStatus.CANCELLED,
        "not_yet": _before_start(activity),
    }.get(answer)
    if target is None or activity.status not in OPEN_ACTIVITY_STATUSES:
        raise Refused("plan.status_not_allowed")
    if target == activity.status:
        return activity
    return _move(actor, activity, target)


def _before_start(activity: Activity) -> str:
    """'Nog niet': a course marked started goes back to where it was before (aangemeld or
    gepland); otherwise it stays as it is."""
    if activity.status != ActivityStatus.STARTED:
        return activity.status
    change = (
        activity.status_changes.filter(to_status=ActivityStatus.STARTED)
        .order_by("-changed_at", "-pk")
        .first()
    )
    return change.from_status if change else ActivityStatus.PLANNED
