from django.utils.translation import gettext_lazy as _

from koers.access.actor import Actor
from koers.lib.registry import NavItem
from koers.organisations.models import Role


def items(actor: Actor) -> list[NavItem]:
    entries = []
    if actor.has_role(Role.HR, Role.ORG_ADMIN):
        entries.append(
            NavItem(
                _("Mensen"),
                "people-list",
                (
                    "people-list",
                    "person-detail",
                    "person-create",
                    "person-edit",
                    "person-leave",
                    "person-access",
                    "people-import",
                    "people-import-report",
                ),
            )
        )
    if actor.has_role(Role.HR, Role.ORG_ADMIN):
        entries.append(NavItem(_("Werkdagen"), "organisation-working-days"))
    if actor.has_role(Role.ORG_ADMIN):
        entries.append(NavItem(_("Teams"), "team-list", ("team-list", "team-create", "team-edit")))
        entries.append(NavItem(_("Organisatie"), "organisation-settings"))
    return entries
