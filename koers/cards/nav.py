from django.utils.translation import gettext_lazy as _

from koers.lib.registry import NavItem
from koers.organisations.access import Actor
from koers.organisations.models import Role


def items(actor: Actor) -> list[NavItem]:
    if actor.employee_id is None:
        return []
    card_pages = (
        "my-card",
        "card-detail",
        "card-step",
        "card-item-edit",
        "card-item-delete",
        "card-item-share",
        "card-paper",
        "card-years",
        "card-year",
        "card-from-plan",
        "card-item-to-plan",
    )
    team_pages = ("teamcard-list", "teamcard-detail", "teamcard-edit")
    label = _("Teamkaarten") if actor.has_role(Role.HR, Role.MANAGER) else _("Teamkaart")
    return [
        NavItem(_("Mijn kaart"), "my-card", card_pages),
        NavItem(label, "teamcard-list", team_pages),
    ]
