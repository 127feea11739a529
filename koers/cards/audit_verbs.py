"""What the dossier log can say about a gesprekskaart and a teamkaart (see koers.audit.verbs).
Never the text on the card: it is what a person typed and may say more than belongs here."""

from django.utils.translation import gettext_lazy as _

from koers.audit.verbs import Verb
from koers.cards.models import ItemKind, NameDisplay, Theme
from koers.plans.models import Category

VERBS = (
    # Reads (Wie keek in mijn dossier?): the card of a year opened or downloaded.
    Verb("card.read", _("heeft de gesprekskaart van %(year)s bekeken"), {"year": int}, read=True),
    Verb(
        "card.downloaded",
        _("heeft de gesprekskaart van %(year)s gedownload (pdf)"),
        {"year": int},
        read=True,
    ),
    Verb("card.started", _("heeft de gesprekskaart voor %(year)s gestart"), {"year": int}),
    Verb(
        "card.item_added",
        _("heeft iets op de gesprekskaart gezet (%(theme)s, %(kind)s)"),
        {"item": int, "theme": Theme, "kind": ItemKind},
    ),
    Verb(
        "card.item_changed",
        _("heeft iets op de gesprekskaart gewijzigd (%(theme)s, %(kind)s)"),
        {"item": int, "theme": Theme, "kind": ItemKind},
    ),
    Verb(
        "card.item_removed",
        _("heeft iets van de gesprekskaart gehaald (%(theme)s, %(kind)s)"),
        {"item": int, "theme": Theme, "kind": ItemKind},
    ),
    Verb(
        "card.item_shared",
        _("heeft iets van de gesprekskaart gedeeld op de teamkaart (%(theme)s)"),
        {"item": int, "theme": Theme},
    ),
    Verb(
        "card.item_unshared",
        _("heeft iets van de teamkaart gehaald (%(theme)s)"),
        {"item": int, "theme": Theme},
    ),
    Verb(
        "card.paper_entered",
        _("heeft een papieren gesprekskaart ingevoerd (%(count)s punten)"),
        {"count": int},
    ),
    Verb(
        "card.agreement_to_plan",
        _("heeft een afspraak van de gesprekskaart in het POP gezet (%(category)s)"),
        {"item": int, "point": int, "category": Category},
    ),
    Verb(
        "card.point_on_card",
        _("heeft een punt uit het POP op de gesprekskaart gezet (%(theme)s)"),
        {"item": int, "point": int, "theme": Theme},
    ),
    Verb(
        "team_agreement.added",
        _("heeft een gedeelde afspraak op de teamkaart gezet (%(theme)s)"),
        {"agreement": int, "theme": Theme},
    ),
    Verb(
        "team_agreement.removed",
        _("heeft een gedeelde afspraak van de teamkaart gehaald (%(theme)s)"),
        {"agreement": int, "theme": Theme},
    ),
    Verb(
        "teamcard.name_display_changed",
        _("heeft gekozen hoe de teamkaart namen toont: %(name_display)s"),
        {"name_display": NameDisplay},
    ),
)
