"""What the dossier log can say about a talk, its preparation, its report and the templates
(see koers.audit.verbs). Never the typed text itself (a reason, an answer, an agenda point)."""

import datetime

from django.utils.translation import gettext_lazy as _

from koers.audit.verbs import Verb
from koers.conversations.models import TemplatePhase
from koers.signing.models import Choice

VERBS = (
    Verb(
        "template.defaults_created",
        _("heeft de standaardsjablonen voor %(count)s soorten gesprekken klaargezet"),
        {"count": int},
    ),
    Verb(
        "template.changed",
        _("heeft versie %(version)s van een gesprekssjabloon gemaakt"),
        {"version": int},
    ),
    Verb(
        "conversation.planned",
        _("heeft een gesprek gepland op %(starts_on)s"),
        {"starts_on": datetime.date},
    ),
    Verb(
        "conversation.rescheduled",
        _("heeft het gesprek verzet naar %(starts_on)s"),
        {"starts_on": datetime.date},
    ),
    Verb("conversation.cancelled", _("heeft het gesprek afgezegd")),
    Verb(
        "series.planned",
        _("heeft een traject van %(talk_count)s gesprekken gepland"),
        {"talk_count": int},
    ),
    Verb("series.summarised", _("heeft de samenvatting van een traject opgeslagen")),
    Verb(
        "preparation.answered",
        _("heeft %(count)s antwoorden van de voorbereiding opgeslagen"),
        {"count": int},
    ),
    Verb(
        "preparation.answered_together",
        _("heeft %(count)s antwoorden van de voorbereiding samen met de medewerker opgeslagen"),
        {"count": int},
    ),
    Verb("preparation.shared", _("heeft de voorbereiding gedeeld met de leidinggevende")),
    Verb("agenda_point.added", _("heeft een agendapunt toegevoegd"), {"point": int}),
    Verb("agenda_point.shared", _("heeft een agendapunt gedeeld"), {"point": int}),
    Verb("agenda_point.removed", _("heeft een agendapunt verwijderd"), {"point": int}),
    Verb(
        "talk.phase_saved",
        _("heeft aantekeningen bij het gesprek opgeslagen (%(phase)s)"),
        {"phase": TemplatePhase.Key},
    ),
    Verb("talk.finished", _("heeft het gesprek afgerond")),
    # Never the mark itself: HR reads the log and sees marks only as averages of five or more.
    Verb("talk.rated", _("heeft gezegd wat hij of zij van het gesprek vond")),
    Verb("talk.rating_declined", _("wilde liever niet zeggen wat hij of zij van het gesprek vond")),
    Verb(
        "talk.held_earlier",
        _("heeft het gesprek eerder gehouden dan gepland (gepland op %(planned_on)s)"),
        {"planned_on": datetime.date},
    ),
    Verb(
        "talk.agreement_saved", _("heeft een afspraak uit het gesprek opgeslagen"), {"point": int}
    ),
    Verb(
        "talk.agreement_removed", _("heeft een afspraak uit het gesprek verwijderd"), {"point": int}
    ),
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
    Verb(
        "preparation.read",
        _("heeft de gedeelde voorbereiding van het gesprek van %(starts_on)s bekeken"),
        {"starts_on": datetime.date},
        read=True,
    ),
    Verb("report.read", _("heeft het gespreksverslag bekeken"), read=True),
    Verb("report.versions_read", _("heeft de versies van het gespreksverslag bekeken"), read=True),
    Verb(
        "report.downloaded",
        _("heeft versie %(number)s van het gespreksverslag gedownload (pdf)"),
        {"number": int},
        read=True,
    ),
    Verb(
        "report.draft_downloaded",
        _("heeft het concept van het gespreksverslag gedownload (pdf)"),
        read=True,
    ),
    # The invitations' outbox, one batch of one organisation each (actions.invitations).
    Verb(
        "invitations.claimed",
        _("uitnodigingen: %(count)s genomen om te e-mailen"),
        {"count": int},
    ),
    Verb(
        "invitations.emailed",
        _(
            "uitnodigingen: %(emailed)s per e-mail verstuurd, %(failed)s niet gelukt "
            "(later opnieuw)"
        ),
        {"emailed": int, "failed": int},
    ),
    Verb(
        "invitations.released",
        _("uitnodigingen: %(count)s vrijgegeven van een run die niet afmaakte"),
        {"count": int},
    ),
)
