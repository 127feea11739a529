from django.utils.translation import gettext_lazy as _

from koers.access.actor import Actor
from koers.lib.registry import NavItem
from koers.organisations.models import Role


def items(actor: Actor) -> list[NavItem]:
    if actor.employee_id is None:
        return []
    entries = [
        NavItem(
            _("Gesprekken"),
            "conversation-list",
            (
                "conversation-list",
                "conversation-plan",
                "conversation-detail",
                "conversation-reschedule",
                "conversation-cancel",
                "conversation-prepare",
                "conversation-prepare-together",
                "conversation-talk",
                "conversation-talk-phase",
                "conversation-agreement-add",
                "conversation-agreement-edit",
                "conversation-report",
            ),
        )
    ]
    if actor.has_role(Role.HR, Role.ORG_ADMIN):
        entries.append(
            NavItem(
                _("Sjablonen"),
                "template-list",
                ("template-list", "template-detail", "template-edit"),
            )
        )
    return entries
