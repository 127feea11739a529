"""The POP itself: making it, its details and the trainings followed; its reads in the log.

Content changes go into the plan's draft version: after signing, the first change starts the
next version. Every change and every read is in the dossier log.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.access import once, policy
from koers.access.actor import Actor
from koers.audit import events as audit
from koers.lib import concurrency
from koers.lib.errors import register_messages
from koers.organisations.models import Department, Employee, Organisation
from koers.plans.models import DevelopmentPlan, Training, default_period_end
from koers.plans.signed import PlanDocument
from koers.signing import workflow
from koers.signing.models import Version

register_messages(
    {
        "plan.exists": _(
            "Deze medewerker heeft al een POP dat op die datum begint. U ziet dat POP nu."
        ),
    }
)


def _edit(actor: Actor, plan: DevelopmentPlan) -> None:
    """The current manager writes in the plan's draft version (after signing, the next)."""
    policy.require(actor, "edit", plan)
    workflow.draft(PlanDocument(plan), actor.employee)


def _changed(actor: Actor, plan: DevelopmentPlan, verb: str, **params: Any) -> None:
    audit.record(actor, verb, plan, employee=plan.employee, **params)


@transaction.atomic
def create_plan(
    actor: Actor,
    employee: Employee,
    *,
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
    conversation: Any = None,
    work_experience: str = "",
    token: str = "",
) -> DevelopmentPlan:
    """001 step 4: every employee gets a POP, by default for one year (from the talk).
    Once: a form sent twice (``token``) gets the plan the first made; a second plan for the
    same employee from the same date, or for the same talk, is ``Duplicate``."""
    policy.require(actor, "create_plan", employee)
    if conversation is not None and period_start is None:
        period_start = timezone.localtime(conversation.starts_at).date()
    period_start = period_start or timezone.localdate()

    def existing() -> DevelopmentPlan | None:
        same = DevelopmentPlan.objects.filter(employee=employee, period_start=period_start)
        if conversation is not None:
            same = same | DevelopmentPlan.objects.filter(conversation=conversation)
        return same.order_by("pk").first()

    def make() -> DevelopmentPlan:
        return _make_plan(
            actor,
            employee,
            period_start=period_start,
            period_end=period_end,
            conversation=conversation,
            work_experience=work_experience,
        )

    return once.make_once(
        actor, token, DevelopmentPlan, make, existing=existing, refusal="plan.exists"
    )


def _make_plan(
    actor: Actor,
    employee: Employee,
    *,
    period_start: datetime.date,
    period_end: datetime.date | None,
    conversation: Any,
    work_experience: str,
) -> DevelopmentPlan:
    plan = DevelopmentPlan(
        organisation_id=employee.organisation_id,
        employee=employee,
        conversation=conversation,
        period_start=period_start,
        period_end=period_end or default_period_end(period_start),
        work_experience=work_experience,
        created_by_id=actor.employee_id,
    )
    # The one-plan constraints are the database's to enforce (checked first in
    # ``create_plan``; a check here would race).
    plan.full_clean(validate_constraints=False)
    plan.save()
    _edit(actor, plan)
    _changed(actor, plan, "plan.created", period_start=plan.period_start)
    return plan


@transaction.atomic
def update_plan(
    actor: Actor, plan: DevelopmentPlan, *, expected_revision: int | None = None, **values: Any
) -> DevelopmentPlan:
    """001 form: period and work experience / other relevant points. ``expected_revision``:
    the plan's revision when the form was loaded; a save on an older one is refused."""
    _edit(actor, plan)
    concurrency.claim(plan, expected_revision, values=values)
    for name, value in values.items():
        setattr(plan, name, value)
    plan.full_clean()
    plan.save()
    _changed(actor, plan, "plan.details_changed")
    return plan


@transaction.atomic
def add_training(
    actor: Actor, plan: DevelopmentPlan, *, token: str = "", **values: Any
) -> Training:
    """001 form: training followed (name, year, diploma, institute). Once per form."""
    _edit(actor, plan)

    def make() -> Training:
        training = Training(plan=plan, **values)
        training.full_clean()
        training.save()
        _changed(actor, plan, "plan.training_added", training=training.pk)
        return training

    return once.make_once(actor, token, Training, make)


@transaction.atomic
def remove_training(actor: Actor, training: Training) -> None:
    plan = training.plan
    _edit(actor, plan)
    training_id = training.pk
    training.delete()
    _changed(actor, plan, "plan.training_removed", training=training_id)


# --- reads, for the dossier log ------------------------------------------------------------


@transaction.atomic
def record_read(
    actor: Actor, plan: DevelopmentPlan, verb: str = "plan.read", **params: Any
) -> None:
    """Who sees what: every read of a plan is logged."""
    policy.require(actor, "read", plan)
    audit.record(actor, verb, plan, employee=plan.employee, **params)


@transaction.atomic
def record_download(
    actor: Actor, plan: DevelopmentPlan, verb: str = "plan.downloaded", **params: Any
) -> None:
    policy.require(actor, "read", plan)
    audit.record(actor, verb, plan, employee=plan.employee, **params)


@transaction.atomic
def record_printed(
    actor: Actor, department: Department, printed: list[tuple[DevelopmentPlan, Version]]
) -> None:
    """HR printed these (plan, signed version) of a department's POPs: a read in each
    employee's dossier log ("Wie keek in mijn dossier?"), all in one transaction."""
    policy.require(actor, "print_plans", department)
    for plan, version in printed:
        policy.require(actor, "read", plan)
        audit.record(
            actor,
            "plan.printed",
            plan,
            employee=plan.employee,
            number=version.number,
            department=department.pk,
        )


@transaction.atomic
def record_export(actor: Actor, organisation: Organisation, people: Iterable[int]) -> None:
    """HR exported the POP activities of these people (the training administration): one
    event that lists them all, in each of their dossier logs."""
    policy.require(actor, "export_plans", organisation)
    ids = set(people)
    audit.record(actor, "plans.exported", organisation, people=ids, count=len(ids))
