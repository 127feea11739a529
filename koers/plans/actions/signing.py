"""Signing the POP (003 dossier), through koers.signing's one workflow."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from koers.access import policy
from koers.access.actor import Actor
from koers.audit import events as audit
from koers.lib.errors import Refused, register_messages
from koers.plans import queries
from koers.plans.models import DevelopmentPlan
from koers.plans.signed import PlanDocument
from koers.signing import workflow
from koers.signing.models import Choice, Version

register_messages({"plan.nothing_to_sign": _("Voeg eerst minstens één aandachtspunt toe.")})


@transaction.atomic
def send_for_signing(actor: Actor, plan: DevelopmentPlan) -> Version:
    """003 dossier: the manager has written the plan; this exact content goes to both for
    their paraaf, the employee first. A plan without development points is not sent."""
    policy.require(actor, "edit", plan)
    loaded = queries.plan_for_page(actor, plan.pk)
    if not loaded.points.all():
        raise Refused("plan.nothing_to_sign")
    version = workflow.send_for_signing(PlanDocument(loaded), actor.employee)
    audit.record(
        actor, "plan.sent_for_signing", plan, employee=plan.employee, number=version.number
    )
    return version


@transaction.atomic
def sign_plan(actor: Actor, plan: DevelopmentPlan, choice: str, remark: str = "") -> Version:
    """003: the employee reads and chooses (akkoord / voor gezien / correctie gevraagd), then
    the manager signs. A correction sends the plan back to the manager as the next draft."""
    policy.require(actor, "sign", plan)
    document = PlanDocument(plan)
    party = document.party_of(actor)
    version = workflow.sign(document, actor.employee, party, choice, remark)
    signed = choice if party == "employee" else Choice.AGREED
    audit.record(
        actor,
        "plan.signed",
        plan,
        employee=plan.employee,
        number=version.number,
        choice=signed,
    )
    return version


@transaction.atomic
def record_paper_signature(
    actor: Actor,
    plan: DevelopmentPlan,
    choice: str,
    remark: str = "",
    *,
    signed_on: datetime.date,
) -> Version:
    """003 on paper: the employee signed the printed version waiting for them; their current
    manager enters it. Same version, same hash; the manager then signs as usual."""
    policy.require(actor, "edit", plan)
    version = workflow.record_paper_signature(
        PlanDocument(plan), actor.employee, choice, remark, signed_on=signed_on
    )
    audit.record(
        actor,
        "plan.signed_on_paper",
        plan,
        employee=plan.employee,
        number=version.number,
        choice=choice,
        signed_on=signed_on,
    )
    return version
