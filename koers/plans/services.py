"""State changes of the POP, the catalogue and the budget. Views and the demo call these.

Content changes (plan, trainings, points, activities) go into the plan's draft version: after
signing, the first change starts the next version. Activity status changes are progress: they
are logged with who and when and need no new signature. Every change is in the dossier log.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from koers.access.actor import Actor
from koers.audit import events as audit
from koers.organisations.models import Employee, Role
from koers.plans import smart
from koers.plans.models import (
    NEXT_STATUSES,
    ZERO,
    Activity,
    ActivityStatusChange,
    Course,
    DevelopmentPlan,
    DevelopmentPoint,
    Training,
    TrainingBudget,
    default_period_end,
)
from koers.plans.signed import PlanDocument
from koers.signing import services as signing
from koers.signing import workflow
from koers.signing.models import Choice, Version


class NotAllowed(Exception):
    """This person may see the plan but not do this to it."""


class NothingToSign(Exception):
    """A plan without development points is not sent for signing."""


class StatusNotAllowed(Exception):
    """An activity cannot move from its status to the one asked."""


# --- who may do what ----------------------------------------------------------------------


def can_edit(plan: DevelopmentPlan, actor: Actor) -> bool:
    """001 step 4: the employee's current manager writes the plan (not about themselves)."""
    return (
        actor.employee_id is not None
        and actor.employee_id != plan.employee_id
        and actor.organisation_id == plan.organisation_id
        and plan.employee.team_id in actor.led_team_ids
    )


def can_track_progress(plan: DevelopmentPlan, actor: Actor) -> bool:
    """Progress (aangemeld, bezig, afgerond) is kept by the manager and by HR's training
    administration."""
    return can_edit(plan, actor) or (
        actor.has_role(Role.HR) and actor.organisation_id == plan.organisation_id
    )


def reads_signed_version_only(plan: DevelopmentPlan, actor: Actor) -> bool:
    """Who sees what: HR sees the current signed version in the personnel file, not the
    drafts the manager is writing. Only the employee and their current manager see those."""
    return PlanDocument(plan).reads_signed_only(actor)


def activities_in_signed_version(plan: DevelopmentPlan) -> QuerySet[Activity]:
    """The live activities of the current signed version: their progress (aangemeld, bezig,
    afgerond) is HR's training administration. Activities of a newer draft are not."""
    from koers.plans.document import activity_ids

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


def _require_edit(plan: DevelopmentPlan, actor: Actor) -> Employee:
    if not can_edit(plan, actor):
        raise NotAllowed
    return actor.employee


def _draft(plan: DevelopmentPlan, by: Employee) -> Version:
    """The version to write in (the plan's state is its newest version's)."""
    return workflow.draft(PlanDocument(plan), by)


def _changed(plan: DevelopmentPlan, actor: Actor, verb: str, **params: Any) -> None:
    audit.record(actor, verb, plan, employee=plan.employee, **params)


# --- the plan ------------------------------------------------------------------------------


@transaction.atomic
def create_plan(
    employee: Employee,
    actor: Actor,
    *,
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
    conversation: Any = None,
    work_experience: str = "",
) -> DevelopmentPlan:
    """001 step 4: every employee gets a POP, by default for one year (from the talk)."""
    if conversation is not None and period_start is None:
        period_start = timezone.localtime(conversation.starts_at).date()
    period_start = period_start or timezone.localdate()
    plan = DevelopmentPlan(
        organisation_id=employee.organisation_id,
        employee=employee,
        conversation=conversation,
        period_start=period_start,
        period_end=period_end or default_period_end(period_start),
        work_experience=work_experience,
        created_by_id=actor.employee_id,
    )
    if not can_edit(plan, actor):
        raise NotAllowed
    plan.full_clean()
    plan.save()
    _draft(plan, actor.employee)
    _changed(plan, actor, "plan.created", period_start=plan.period_start)
    return plan


@transaction.atomic
def update_plan(plan: DevelopmentPlan, actor: Actor, **values: Any) -> DevelopmentPlan:
    """001 form: period and work experience / other relevant points."""
    by = _require_edit(plan, actor)
    _draft(plan, by)
    for name, value in values.items():
        setattr(plan, name, value)
    plan.full_clean()
    plan.save()
    _changed(plan, actor, "plan.details_changed")
    return plan


@transaction.atomic
def add_training(plan: DevelopmentPlan, actor: Actor, **values: Any) -> Training:
    """001 form: training followed (name, year, diploma, institute)."""
    by = _require_edit(plan, actor)
    _draft(plan, by)
    training = Training(plan=plan, **values)
    training.full_clean()
    training.save()
    _changed(plan, actor, "plan.training_added", training=training.pk)
    return training


@transaction.atomic
def remove_training(training: Training, actor: Actor) -> None:
    plan = training.plan
    by = _require_edit(plan, actor)
    _draft(plan, by)
    training_id = training.pk
    training.delete()
    _changed(plan, actor, "plan.training_removed", training=training_id)


@transaction.atomic
def save_point(
    plan: DevelopmentPlan, actor: Actor, point: DevelopmentPoint | None = None, **values: Any
) -> DevelopmentPoint:
    """001 step 4 / 003: a development point in its category, with its SMART agreement."""
    by = _require_edit(plan, actor)
    _draft(plan, by)
    created = point is None
    if point is None:
        point = DevelopmentPoint(plan=plan, position=plan.points.count())
    for name, value in values.items():
        setattr(point, name, value)
    point.full_clean()
    point.save()
    verb = "plan.point_added" if created else "plan.point_changed"
    _changed(plan, actor, verb, point=point.pk, category=point.category)
    return point


@transaction.atomic
def adopt_agreements(
    plan: DevelopmentPlan, actor: Actor, agreements: Iterable[Mapping[str, Any]]
) -> list[DevelopmentPoint]:
    """001 step 4: the agreements of the talk become the plan's development points (one
    source of truth). Each mapping holds ``category``, ``title`` and the SMART parts
    (``smart.PARTS``); the conversation cycle calls this when it hands agreements over."""
    fields = {"category", "title", *smart.PARTS}
    return [
        save_point(plan, actor, **{k: v for k, v in agreement.items() if k in fields})
        for agreement in agreements
    ]


@transaction.atomic
def remove_point(point: DevelopmentPoint, actor: Actor) -> None:
    plan = point.plan
    by = _require_edit(plan, actor)
    _draft(plan, by)
    point_id, category = point.pk, point.category
    point.delete()
    _changed(plan, actor, "plan.point_removed", point=point_id, category=category)


def fill_from_course(values: dict[str, Any], course: Course | None) -> dict[str, Any]:
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
    point: DevelopmentPoint, actor: Actor, activity: Activity | None = None, **values: Any
) -> Activity:
    """001 form: an activity under a point (course + institute, internal training, coach,
    meelopen, zelfstudie), its cost, period and whether it is in working time."""
    plan = point.plan
    by = _require_edit(plan, actor)
    _draft(plan, by)
    values = fill_from_course(values, values.get("course"))
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
    _changed(plan, actor, verb, activity=activity.pk, kind=activity.kind)
    return activity


@transaction.atomic
def remove_activity(activity: Activity, actor: Actor) -> None:
    plan = activity.point.plan
    by = _require_edit(plan, actor)
    _draft(plan, by)
    activity_id, kind = activity.pk, activity.kind
    activity.delete()
    _changed(plan, actor, "plan.activity_removed", activity=activity_id, kind=kind)


@transaction.atomic
def change_activity_status(activity: Activity, actor: Actor, status: str) -> Activity:
    """001 "Uitvoeren en voortgang volgen": registered, started, completed. Progress, not a
    change of the agreement: no new version, but logged with who and when."""
    plan = activity.point.plan
    if not can_track_progress(plan, actor):
        raise NotAllowed
    if status not in NEXT_STATUSES[activity.status]:
        raise StatusNotAllowed
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
    _changed(plan, actor, "plan.activity_progress", activity=activity.pk, status=status)
    return activity


# --- signing -------------------------------------------------------------------------------


@transaction.atomic
def send_for_signing(plan: DevelopmentPlan, actor: Actor) -> Version:
    """003 dossier: the manager has written the plan; this exact content goes to both for
    their paraaf, the employee first."""
    from koers.plans.queries import plan_for_page

    by = _require_edit(plan, actor)
    loaded = plan_for_page(actor, plan.pk)
    if not loaded.points.all():
        raise NothingToSign
    version = workflow.send_for_signing(PlanDocument(loaded), by)
    _changed(plan, actor, "plan.sent_for_signing", number=version.number)
    return version


@transaction.atomic
def sign_plan(plan: DevelopmentPlan, actor: Actor, choice: str, remark: str = "") -> Version:
    """003: the employee reads and chooses (akkoord / voor gezien / correctie gevraagd), then
    the manager signs. A correction sends the plan back to the manager as the next draft."""
    document = PlanDocument(plan)
    party = document.party_of(actor)
    if party is None:
        raise signing.SigningRefused
    version = workflow.sign(document, actor.employee, party, choice, remark)
    signed = choice if party == "employee" else Choice.AGREED
    _changed(plan, actor, "plan.signed", number=version.number, choice=signed)
    return version


@transaction.atomic
def record_paper_signature(
    plan: DevelopmentPlan,
    actor: Actor,
    choice: str,
    remark: str = "",
    *,
    signed_on: datetime.date,
) -> Version:
    """003 on paper: the employee signed the printed version waiting for them; their current
    manager enters it. Same version, same hash; the manager then signs as usual."""
    by = _require_edit(plan, actor)
    version = workflow.record_paper_signature(
        PlanDocument(plan), by, choice, remark, signed_on=signed_on
    )
    _changed(
        plan,
        actor,
        "plan.signed_on_paper",
        number=version.number,
        choice=choice,
        signed_on=signed_on,
    )
    return version


# --- reads, for the dossier log ------------------------------------------------------------


def record_read(
    plan: DevelopmentPlan, actor: Actor, verb: str = "plan.read", **params: Any
) -> None:
    """Who sees what: every read of a plan is logged."""
    audit.record(actor, verb, plan, employee=plan.employee, **params)


def record_download(
    plan: DevelopmentPlan, actor: Actor, verb: str = "plan.downloaded", **params: Any
) -> None:
    audit.record(actor, verb, plan, employee=plan.employee, **params)


# --- catalogue and budget (HR) -------------------------------------------------------------


def _require_hr(actor: Actor, organisation_id: int) -> None:
    if not actor.has_role(Role.HR) or actor.organisation_id != organisation_id:
        raise NotAllowed


@transaction.atomic
def save_course(actor: Actor, course: Course | None = None, **values: Any) -> Course:
    """HR keeps the catalogue: name, institute, number, cost, duration, subsidy, link."""
    course = course or Course(organisation_id=actor.organisation_id)
    _require_hr(actor, course.organisation_id)
    for name, value in values.items():
        setattr(course, name, value)
    course.full_clean()
    course.save()
    return course


@transaction.atomic
def set_course_active(course: Course, actor: Actor, active: bool) -> Course:
    """A course is never deleted (plans point at it); it leaves the catalogue."""
    _require_hr(actor, course.organisation_id)
    course.is_active = active
    course.save(update_fields=["is_active"])
    return course


@transaction.atomic
def set_budget(actor: Actor, department: Any, year: int, amount: Any) -> TrainingBudget:
    _require_hr(actor, department.organisation_id)
    budget, _created = TrainingBudget.objects.update_or_create(
        department=department,
        year=year,
        defaults={"organisation_id": department.organisation_id, "amount": amount},
    )
    return budget
