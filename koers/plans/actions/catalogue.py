"""HR's course catalogue and training budgets."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from koers.access import policy
from koers.access.actor import Actor
from koers.audit import events as audit
from koers.lib import concurrency
from koers.organisations.models import Department
from koers.plans.models import Course, TrainingBudget


@transaction.atomic
def save_course(
    actor: Actor,
    course: Course | None = None,
    *,
    expected_revision: int | None = None,
    **values: Any,
) -> Course:
    """HR keeps the catalogue: name, institute, number, cost, duration, subsidy, link.
    ``expected_revision``: the course's revision when the form was loaded (``StaleEdit``)."""
    if course is not None:
        policy.require(actor, "keep", course)
        concurrency.claim(course, expected_revision, values=values)
    course = course or Course(organisation_id=actor.organisation_id)
    policy.require(actor, "keep", course)
    for name, value in values.items():
        setattr(course, name, value)
    course.full_clean()
    course.save()
    audit.record(actor, "course.saved", course, course=course.pk)
    return course


@transaction.atomic
def set_course_active(actor: Actor, course: Course, active: bool) -> Course:
    """A course is never deleted (plans point at it); it leaves the catalogue."""
    policy.require(actor, "keep", course)
    course.is_active = active
    course.save(update_fields=["is_active"])
    verb = "course.restored" if active else "course.withdrawn"
    audit.record(actor, verb, course, course=course.pk)
    return course


@transaction.atomic
def set_budget(
    actor: Actor,
    department: Department,
    year: int,
    amount: Decimal,
    *,
    expected_revision: int | None = None,
) -> TrainingBudget:
    """HR sets a department's training budget for a year (planned and spent count against it).
    ``expected_revision``: the amount the form knew of for that department and year (as a
    ``concurrency.fingerprint``; none for a new budget). Replacing a budget one did not see
    (a colleague set it meanwhile) is refused with both amounts (``StaleEdit``)."""
    policy.require(actor, "set_training_budget", department)
    amount = Decimal(amount).quantize(Decimal("0.01"))
    stored = (
        TrainingBudget.objects.select_for_update()
        .filter(department=department, year=year)
        .values_list("amount", flat=True)
        .first()
    )
    concurrency.claim_values({"amount": stored}, expected_revision, {"amount": amount})
    budget, _created = TrainingBudget.objects.update_or_create(
        department=department,
        year=year,
        defaults={"organisation_id": department.organisation_id, "amount": amount},
    )
    audit.record(actor, "budget.saved", budget, department=department.pk, year=year)
    return budget
