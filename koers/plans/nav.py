from django.utils.translation import gettext_lazy as _

from koers.access.actor import Actor
from koers.lib.registry import NavItem
from koers.organisations.models import Role

PLAN_PAGES = (
    "plan-list",
    "plan-create",
    "plan-detail",
    "plan-edit",
    "plan-training-add",
    "plan-point-create",
    "plan-point-edit",
    "plan-point-delete",
    "plan-activity-create",
    "plan-activity-edit",
    "plan-activity-delete",
    "plan-sign",
    "plan-versions",
    "plan-budget",
)


def items(actor: Actor) -> list[NavItem]:
    if actor.employee_id is None:
        return []
    label = _("POP's") if actor.has_role(Role.HR, Role.MANAGER) else _("Mijn POP")
    entries = [NavItem(label, "plan-list", PLAN_PAGES)]
    if actor.has_role(Role.HR, Role.MANAGER):
        entries.append(
            NavItem(_("Cursussen"), "course-list", ("course-list", "course-create", "course-edit"))
        )
    return entries
