"""Who may do what with a POP, its catalogue and its budget (the access policy table)."""

from __future__ import annotations

from typing import Any

from koers.access import policy
from koers.access.actor import Actor
from koers.access.relations import AS_HR, FILE_READERS, LED_NOW, OWN
from koers.access.roles import Role
from koers.plans.signed import PlanDocument


def _signs(actor: Actor, plan: Any) -> bool:
    """003: the employee and their current manager sign, each for their own part."""
    return PlanDocument(plan).party_of(actor) is not None


policy.register(
    "organisations.employee",
    # 001 step 4: the employee's current manager makes the POP (not about themselves).
    create_plan=policy.on_self(LED_NOW),
)
policy.register(
    "plans.developmentplan",
    # Who sees what: the employee, their current manager, HR of the organisation.
    read=policy.on_person(FILE_READERS),
    # 001 step 4: the current manager writes the plan: trainings, points, activities.
    edit=policy.on_person(LED_NOW),
    # Progress (aangemeld, bezig, afgerond): the manager and HR's training administration.
    track=policy.on_person(LED_NOW | AS_HR),
    sign=_signs,
)
policy.register(
    "plans.activity",
    # 001: the employee answers whether their course began (yes / not yet / stopped).
    answer_course_start=policy.on_person(OWN, "point.plan.employee"),
)
# HR keeps the course catalogue and the training budgets of its organisation.
policy.register("plans.course", keep=policy.has_role(Role.HR))


def _hr_in(actor: Actor, organisation: Any) -> bool:
    return actor.has_role(Role.HR) and organisation.pk == actor.organisation_id


def _hr_of(actor: Actor, department: Any) -> bool:
    return actor.has_role(Role.HR) and department.organisation_id == actor.organisation_id


policy.register(
    "organisations.department",
    set_training_budget=policy.has_role(Role.HR),
    # The personnel file on paper: HR prints a department's signed POPs at once.
    print_plans=_hr_of,
)
# The training administration: HR exports the POP activities of its organisation.
policy.register("organisations.organisation", export_plans=_hr_in)
