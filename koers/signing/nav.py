from django.utils.translation import gettext_lazy as _

from koers.lib.registry import NavItem
from koers.organisations.access import Actor


def items(actor: Actor) -> list[NavItem]:
    if actor.employee_id is None:
        return []
    return [NavItem(_("Mijn dossierlog"), "dossier-log")]
