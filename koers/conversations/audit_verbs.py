"""What the dossier log can say about the report of a talk (see koers.audit.verbs)."""

import datetime

from django.utils.translation import gettext_lazy as _

from koers.audit.verbs import Verb
from koers.signing.models import Choice

VERBS = (
    Verb("report.created", _("heeft het gespreksverslag aangemaakt")),
    Verb("report.changed", _("heeft het gespreksverslag gewijzigd")),
    Verb(
        "report.sent_for_signing",
        _("heeft versie %(number)s van het gespreksverslag ter ondertekening aangeboden"),
        {"number": int},
    ),
    Verb(
        "report.withdrawn",
        _("heeft versie %(number)s van het gespreksverslag teruggehaald om te wijzigen"),
        {"number": int},
    ),
    Verb(
        "report.signed",
        _("heeft versie %(number)s van het gespreksverslag getekend: %(choice)s"),
        {"number": int, "choice": Choice},
    ),
    Verb(
        "report.signed_on_paper",
        _(
            "heeft de handtekening op papier voor versie %(number)s van het gespreksverslag "
            "ingevoerd: %(choice)s, getekend op %(signed_on)s"
        ),
        {"number": int, "choice": Choice, "signed_on": datetime.date},
    ),
    Verb(
        "report.correction_started",
        _("heeft een correctie gestart: versie %(number)s van het gespreksverslag"),
        {"number": int},
    ),
    Verb("report.read", _("heeft het gespreksverslag bekeken")),
    Verb("report.versions_read", _("heeft de versies van het gespreksverslag bekeken")),
    Verb(
        "report.downloaded",
        _("heeft versie %(number)s van het gespreksverslag gedownload (pdf)"),
        {"number": int},
    ),
    Verb(
        "report.draft_downloaded", _("heeft het concept van het gespreksverslag gedownload (pdf)")
    ),
)
