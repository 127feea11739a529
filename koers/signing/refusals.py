"""The sentences of the signing workflow's refusals (``koers.lib.errors.Refused`` codes)."""

from django.utils.translation import gettext_lazy as _

from koers.lib.errors import register_messages

register_messages(
    {
        "signing.not_now": _("Dit kan nu niet worden ondertekend."),
        "signing.not_your_turn": _("U bent nu niet aan de beurt om te tekenen."),
        "signing.not_current_manager": _(
            "Alleen de huidige leidinggevende van de medewerker kan dit doen."
        ),
        "signing.not_waiting_for_employee": _(
            "Deze versie wacht niet (meer) op de keuze van de medewerker."
        ),
        "signing.not_signed_yet": _("Er is nog geen ondertekende versie om te wijzigen."),
        "signing.nothing_to_sign": _("Er is geen versie om te ondertekenen."),
        "signing.not_a_party": _("Alleen de medewerker en de leidinggevende ondertekenen."),
        "signing.unknown_choice": _("Kies akkoord, voor gezien of correctie gevraagd."),
        "signing.remark_required": _(
            "Bij ‘voor gezien’ en ‘correctie gevraagd’ is een opmerking nodig."
        ),
        "signing.paper_date_invalid": _(
            "De datum van de handtekening op papier moet liggen tussen de dag dat deze versie"
            " klaarstond om te tekenen en vandaag."
        ),
        "signing.version_frozen": _("Deze versie is ondertekend en kan niet meer veranderen."),
    }
)
