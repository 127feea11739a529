"""What the log says about retention (see koers.lib.verbs): codes and counts only."""

from django.utils.translation import gettext_lazy as _

from koers.lib.verbs import Verb
from koers.privacy.choices import CorrectableField, CorrectionStatus

VERBS = (
    Verb(
        "person.erased",
        _(
            "heeft het dossier verwijderd, %(years)s jaar na uit dienst "
            "(%(rows)s gegevens; alleen anonieme cijfers zijn bewaard)"
        ),
        {"years": int, "rows": int},
    ),
    Verb("file.exported", _("heeft alles over zichzelf gedownload (AVG artikel 15)"), read=True),
    Verb(
        "file.exported_on_request",
        _("heeft alles over de medewerker gedownload, op verzoek (AVG artikel 15)"),
        read=True,
    ),
    Verb(
        "correction.requested",
        _("heeft gevraagd een gegeven te verbeteren: %(field)s"),
        {"field": CorrectableField},
    ),
    Verb(
        "correction.handled",
        _("heeft het verzoek om %(field)s te verbeteren afgehandeld: %(outcome)s"),
        {"field": CorrectableField, "outcome": CorrectionStatus},
    ),
    Verb(
        "people.imports_expired",
        _(
            "heeft ingelezen bestanden van meer dan 7 dagen geleden opgeruimd: "
            "%(deleted)s niet bevestigd verwijderd, van %(cleared)s de regels gewist"
        ),
        {"deleted": int, "cleared": int},
    ),
)
