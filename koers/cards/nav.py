from typing import Any

from django.utils.translation import gettext_lazy as _

from koers.access.actor import Actor
from koers.lib.registry import NavItem
from koers.organisations.models import Role

CARD_PAGES = (
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
TEAM_PAGES = ("teamcard-list", "teamcard-detail", "teamcard-edit")


def _on_own_card(match: Any, actor: Actor) -> bool:
    """ "Mijn kaart" is the current page only on one's own card."""
    return match.url_name == "my-card" or (
        match.url_name in CARD_PAGES and match.kwargs.get("employee_id") == actor.employee_id
    )


def _on_team_cards(match: Any, actor: Actor) -> bool:
    """A manager reading a team member's card is in "Teamkaarten", where those cards are listed."""
    return match.url_name in TEAM_PAGES or (
        match.url_name in CARD_PAGES
        and match.kwargs.get("employee_id") not in (None, actor.employee_id)
    )


def items(actor: Actor) -> list[NavItem]:
    if actor.employee_id is None:
        return []
    label = _("Teamkaarten") if actor.has_role(Role.HR, Role.MANAGER) else _("Teamkaart")
    return [
        NavItem(_("Mijn kaart"), "my-card", is_current=_on_own_card),
        NavItem(label, "teamcard-list", is_current=_on_team_cards),
    ]
