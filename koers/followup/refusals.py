"""Why a follow-up change cannot be done now, in plain words (``Refused`` codes)."""

from django.utils.translation import gettext_lazy as _

from koers.lib.errors import register_messages

register_messages(
    {
        "followup.point_not_in_plan": _("Kies een aandachtspunt van dit POP."),
        "followup.activity_not_of_point": _("Deze activiteit hoort niet bij dit aandachtspunt."),
        "followup.empty_note": _("Schrijf kort hoe het gaat."),
        "followup.choose_answer": _("Kies een antwoord."),
        "followup.choose_channel": _("Kies hoe u meldingen wilt krijgen."),
    }
)
