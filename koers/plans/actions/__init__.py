"""Every state change of the POP, its catalogue and its budget (one door: the actor first,
the policy inside, one transaction, the audit event in it). Split by concept; callers use
``from koers.plans import actions`` and the names below."""

from koers.plans.actions.catalogue import save_course, set_budget, set_course_active
from koers.plans.actions.plan import (
    add_training,
    create_plan,
    record_download,
    record_export,
    record_printed,
    record_read,
    remove_training,
    update_plan,
)
from koers.plans.actions.points import (
    adopt_agreements,
    change_activity_status,
    remove_activity,
    remove_point,
    save_activity,
    save_point,
)
from koers.plans.actions.signing import record_paper_signature, send_for_signing, sign_plan

__all__ = [
    "add_training",
    "adopt_agreements",
    "change_activity_status",
    "create_plan",
    "record_download",
    "record_export",
    "record_paper_signature",
    "record_printed",
    "record_read",
    "remove_activity",
    "remove_point",
    "remove_training",
    "save_activity",
    "save_course",
    "save_point",
    "send_for_signing",
    "set_budget",
    "set_course_active",
    "sign_plan",
    "update_plan",
]
