"""Why a change to a card cannot be done now, in plain words (``Refused`` codes)."""

from django.utils.translation import gettext_lazy as _

from koers.lib.errors import register_messages

register_messages(
    {
        "cards.empty": _("Schrijf eerst iets op."),
        # Said in plain words when a gezond item would go to the POP (AVG art. 9: HR reads
        # the POP).
        "cards.health_not_in_plan": _(
            "Dit gaat over gezond. Dat zetten we niet in het POP. HR kan het POP lezen. "
            "Wat over gezond gaat, blijft tussen u en uw leidinggevende. Het blijft op de "
            "kaart staan."
        ),
        "cards.text_in_plan": _(
            "Deze afspraak staat in het POP. De tekst verandert daar, door de leidinggevende."
        ),
        "cards.health_share_unconfirmed": _("Zet eerst een vinkje als u dit echt wilt delen."),
        "cards.wish_not_in_plan": _("Alleen een afspraak kan in het POP. Dit is een wens."),
        "cards.already_in_plan": _("Deze afspraak staat al in het POP."),
        "cards.earlier_card": _("Dit is een kaart van een eerder jaar. Die verandert niet meer."),
        "cards.already_on_card": _("Dit punt staat al op de kaart."),
    }
)
