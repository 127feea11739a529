"""Demo cards for team Assemblage: some items shared with the team, one private gezond item,
a point of Kees's POP shown on his card, and a teamkaart with gedeelde afspraken.
Idempotent: a team that has cards is left alone."""

from __future__ import annotations

from django.db import transaction

from koers.cards import actions
from koers.cards.models import CardItem, ItemKind, Theme
from koers.organisations.actors import actor_for
from koers.organisations.models import Employee, Organisation
from koers.plans.models import Category, DevelopmentPoint

DEMO_TEAM = "Assemblage"

# (personnel number or None for "the next member", theme, kind, what, who helps, when, shared)
KEES = "D-medewerker"
DEMO_ITEMS = [
    (KEES, Theme.GROEI, ItemKind.WISH, "Ik wil leren solderen.", "", "", True),
    (
        KEES,
        Theme.GROEI,
        ItemKind.AGREEMENT,
        "Ik loop twee ochtenden mee bij het soldeerwerk.",
        "Sanne",
        "In januari",
        False,
    ),
    # The private gezond item: never on the teamkaart, never for HR.
    (
        KEES,
        Theme.GEZOND,
        ItemKind.WISH,
        "Ik wil vaste pauzes om tien uur en om drie uur.",
        "",
        "",
        False,
    ),
    (KEES, Theme.PLEZIER, ItemKind.WISH, "Ik werk graag samen met Noor.", "", "", True),
    (None, Theme.GROEI, ItemKind.WISH, "Ik wil mijn heftruckcertificaat halen.", "", "", True),
    (
        None,
        Theme.GEZOND,
        ItemKind.AGREEMENT,
        "Ik krijg een werktafel die omhoog kan.",
        "Sanne",
        "Voor de zomer",
        True,
    ),
    (None, Theme.PLEZIER, ItemKind.WISH, "Ik wil de kerstlunch mee organiseren.", "", "", True),
]

TEAM_AGREEMENTS = [
    (Theme.GROEI, "We leren elkaar één ding per maand."),
    (Theme.GEZOND, "Om tien uur lopen we samen een rondje."),
    (Theme.PLEZIER, "Op vrijdag drinken we samen koffie."),
]


@transaction.atomic
def extend_demo(organisation: Organisation) -> None:
    team = organisation.teams.filter(name=DEMO_TEAM).first()
    if team is None or CardItem.objects.filter(card__employee__team=team).exists():
        return
    manager = team.managers.first()
    members = list(team.members.exclude(personnel_number=KEES).order_by("personnel_number"))
    kees = Employee.objects.get(organisation=organisation, personnel_number=KEES)
    others = iter(members)
    for number, theme, kind, what, who, when, shared in DEMO_ITEMS:
        employee = kees if number == KEES else next(others)
        author = actor_for(employee)
        item = actions.add_item(
            author,
            employee,
            theme=theme,
            kind=kind,
            what=what,
            who_helps=who,
            when=when,
        )
        if shared:
            actions.share_item(author, item, health_confirmed=theme == Theme.GEZOND)
    if manager is not None:
        for theme, text in TEAM_AGREEMENTS:
            actions.add_team_agreement(actor_for(manager), team, theme=theme, text=text)
    _show_a_plan_point(kees, manager)


def _show_a_plan_point(kees: Employee, manager: Employee | None) -> None:
    """One point of Kees's POP (if the POP demo made one) shown on his card: the card shows
    the point's text, typed once, and the signed plan stays as it is."""
    point = DevelopmentPoint.objects.filter(
        plan__employee=kees, category=Category.FUNCTION, card_item__isnull=True
    ).first()
    if point is None or manager is None:
        return
    actions.show_on_card(actor_for(manager), point, theme=Theme.GROEI)
