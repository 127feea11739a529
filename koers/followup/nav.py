from django.utils.translation import gettext_lazy as _

from koers.access.actor import Actor
from koers.lib.registry import NavItem

DASHBOARD_PAGES = ("dashboard", "dashboard-me", "dashboard-team", "dashboard-hr")
NOTIFICATION_PAGES = ("notification-list", "notification-settings")


def items(actor: Actor) -> list[NavItem]:
    if actor.employee_id is None:
        return []
    from koers.followup.queries.notices import unread_count

    unread = unread_count(actor)
    label = _("Meldingen (%(count)s)") % {"count": unread} if unread else _("Meldingen")
    return [
        NavItem(_("Overzicht"), "dashboard", DASHBOARD_PAGES),
        NavItem(label, "notification-list", NOTIFICATION_PAGES),
    ]
