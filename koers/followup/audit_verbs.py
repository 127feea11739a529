"""What the dossier log can say about the follow-up (see koers.audit.verbs). Never the text
of a progress note: it is what a person typed."""

from django.utils.translation import gettext_lazy as _

from koers.audit.verbs import Verb
from koers.followup.models import Channel, CheckInKind, CourseAnswer, NoticeKind

VERBS = (
    Verb(
        "checkin.added",
        _("heeft een voortgangsnotitie geschreven (%(kind)s)"),
        {"checkin": int, "kind": CheckInKind},
    ),
    Verb(
        "course.answered",
        _("heeft de vraag over de cursus beantwoord: %(answer)s"),
        {"checkin": int, "activity": int, "answer": CourseAnswer},
    ),
    Verb(
        "notice.read",
        _("heeft een melding gelezen (%(kind)s)"),
        {"notice": int, "kind": NoticeKind},
    ),
    Verb("notice.all_read", _("heeft alle meldingen gelezen (%(count)s)"), {"count": int}),
    Verb(
        "preference.changed",
        _("heeft gekozen hoe meldingen komen: %(channel)s"),
        {"channel": Channel},
    ),
    Verb(
        "interval.agreed",
        _("heeft afgesproken om de %(months)s maanden een ontwikkelgesprek te houden"),
        {"months": int},
    ),
    Verb(
        "interval.cleared",
        _("heeft de afgesproken gesprekstermijn weggehaald (de termijn van de organisatie geldt)"),
    ),
    Verb(
        "reminders.run",
        _(
            "herinneringen: %(created)s nieuw van %(considered)s; %(emailed)s per e-mail, "
            "%(in_app)s alleen in Koers, %(failed)s niet gelukt"
        ),
        {"considered": int, "created": int, "emailed": int, "in_app": int, "failed": int},
    ),
    # The outbox's writes, one batch of one organisation each (koers.followup.actions.outbox).
    Verb(
        "notices.queued",
        _("herinneringen: %(created)s nieuwe meldingen klaargezet (van %(considered)s)"),
        {"considered": int, "created": int},
    ),
    Verb(
        "notices.claimed",
        _(
            "herinneringen: %(in_app)s meldingen alleen in Koers afgeleverd, %(claimed)s "
            "genomen om te e-mailen"
        ),
        {"in_app": int, "claimed": int},
    ),
    Verb(
        "notices.emailed",
        _(
            "herinneringen: %(emailed)s meldingen per e-mail verstuurd, %(failed)s niet gelukt "
            "(de volgende keer opnieuw)"
        ),
        {"emailed": int, "failed": int},
    ),
    Verb(
        "notices.released",
        _("herinneringen: %(count)s meldingen vrijgegeven van een run die niet afmaakte"),
        {"count": int},
    ),
)
