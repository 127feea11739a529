"""What the dossier log can say about a POP (see koers.audit.verbs)."""

import datetime

from django.utils.translation import gettext_lazy as _

from koers.audit.verbs import Verb
from koers.plans.models import ActivityKind, ActivityStatus, Category
from koers.signing.models import Choice

VERBS = (
    Verb(
        "plan.created",
        _("heeft het POP aangemaakt, vanaf %(period_start)s"),
        {"period_start": datetime.date},
    ),
    Verb("plan.details_changed", _("heeft de gegevens van het POP gewijzigd")),
    Verb(
        "plan.training_added",
        _("heeft een gevolgde opleiding aan het POP toegevoegd"),
        {"training": int},
    ),
    Verb(
        "plan.training_removed",
        _("heeft een gevolgde opleiding uit het POP verwijderd"),
        {"training": int},
    ),
    Verb(
        "plan.point_added",
        _("heeft een aandachtspunt aan het POP toegevoegd (%(category)s)"),
        {"point": int, "category": Category},
    ),
    Verb(
        "plan.point_changed",
        _("heeft een aandachtspunt in het POP gewijzigd (%(category)s)"),
        {"point": int, "category": Category},
    ),
    Verb(
        "plan.point_removed",
        _("heeft een aandachtspunt uit het POP verwijderd (%(category)s)"),
        {"point": int, "category": Category},
    ),
    Verb(
        "plan.activity_added",
        _("heeft een activiteit aan het POP toegevoegd (%(kind)s)"),
        {"activity": int, "kind": ActivityKind},
    ),
    Verb(
        "plan.activity_changed",
        _("heeft een activiteit in het POP gewijzigd (%(kind)s)"),
        {"activity": int, "kind": ActivityKind},
    ),
    Verb(
        "plan.activity_removed",
        _("heeft een activiteit uit het POP verwijderd (%(kind)s)"),
        {"activity": int, "kind": ActivityKind},
    ),
    Verb(
        "plan.activity_progress",
        _("heeft de voortgang van een activiteit bijgewerkt: %(status)s"),
        {"activity": int, "status": ActivityStatus},
    ),
    Verb(
        "plan.sent_for_signing",
        _("heeft versie %(number)s van het POP klaargezet om te tekenen"),
        {"number": int},
    ),
    Verb(
        "plan.signed",
        _("heeft versie %(number)s van het POP getekend: %(choice)s"),
        {"number": int, "choice": Choice},
    ),
    Verb(
        "plan.signed_on_paper",
        _(
            "heeft de handtekening op papier voor versie %(number)s van het POP ingevoerd: "
            "%(choice)s, getekend op %(signed_on)s"
        ),
        {"number": int, "choice": Choice, "signed_on": datetime.date},
    ),
    Verb("plan.read", _("heeft het POP bekeken"), read=True),
    Verb(
        "plan.version_read",
        _("heeft getekende versie %(number)s van het POP bekeken"),
        {"number": int},
        read=True,
    ),
    Verb("plan.versions_read", _("heeft de versies van het POP bekeken"), read=True),
    Verb("plan.downloaded", _("heeft het POP gedownload (pdf)"), read=True),
    Verb(
        "plan.printed",
        _("heeft getekende versie %(number)s van het POP afgedrukt, met de hele afdeling"),
        {"number": int, "department": int},
        read=True,
    ),
    Verb(
        "plan.version_downloaded",
        _("heeft versie %(number)s van het POP gedownload (pdf)"),
        {"number": int},
        read=True,
    ),
    Verb(
        "plans.exported",
        _("heeft de POP-activiteiten van %(count)s medewerkers geëxporteerd"),
        {"count": int},
        read=True,
    ),
    Verb("course.saved", _("heeft een cursus in de catalogus opgeslagen"), {"course": int}),
    Verb("course.withdrawn", _("heeft een cursus uit de catalogus gehaald"), {"course": int}),
    Verb("course.restored", _("heeft een cursus weer in de catalogus gezet"), {"course": int}),
    Verb(
        "budget.saved",
        _("heeft het opleidingsbudget voor %(year)s opgeslagen"),
        {"department": int, "year": int},
    ),
)
