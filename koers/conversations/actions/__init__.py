"""Every change to conversations, by concept: ``templates``, ``planning``, ``preparation``,
``talk`` and ``report``. Each action takes the actor first, checks the policy
(``koers.conversations.policy``) and records its event in the dossier log, in one
transaction."""

from django.utils.translation import gettext_lazy as _

from koers.lib.errors import register_messages

register_messages(
    {
        "conversations.closed": _("Dit gesprek kan niet meer worden gewijzigd."),
        "conversations.short_notice": _(
            "Dit gesprek is minder dan twee weken vooruit gepland. Bevestig dat u dit "
            "toch wilt: de medewerker heeft dan weinig tijd om zich voor te bereiden."
        ),
        "conversations.already_planned": _(
            "Er staat al een gesprek met deze medewerker op dat moment. U ziet dat gesprek nu."
        ),
        "conversations.schedule_changed": _(
            "De planning is veranderd sinds u het overzicht zag (iemand heeft intussen een"
            " gesprek gekregen, of het team is veranderd). Er is niets gepland: bekijk het"
            " nieuwe overzicht."
        ),
        "conversations.talk_too_long": _(
            "Een gesprek past niet binnen één werkdag. Kies een kortere duur of pas de"
            " werktijden van de organisatie aan."
        ),
        "talk.unknown_phase": _("Dit onderdeel van het gesprek bestaat niet."),
        "talk.invalid_notes": _("Niet opgeslagen: kijk de velden na en klik op Opslaan."),
        "talk.before_its_date": _(
            "Dit gesprek staat gepland op %(day)s. Een gesprek wordt op of na die dag"
            " gehouden. Is het eerder gehouden? Dan wordt de datum vandaag."
        ),
    }
)
