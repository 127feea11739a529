"""Access matrix rows for the gesprekskaart and the teamkaart (see koers.testing).

Cards: the employee and the manager of their team; nobody else (HR neither: gezond stays
between employee and manager). Teamkaart: the team, its managers and HR.
"""

from koers.testing import Case, employee_args

NOT_FOUND = 404
FORBIDDEN = 403


def _kees_item(theme: str):
    def build(demo):
        from koers.cards.demo import extend_demo
        from koers.cards.models import CardItem, ItemKind

        extend_demo(demo)
        item = CardItem.objects.get(
            card__employee__organisation=demo,
            card__employee__personnel_number="D-medewerker",
            theme=theme,
            kind=ItemKind.WISH,
        )
        return [item.card.employee_id, item.pk]

    return build


def _kees_agreement(demo):
    from koers.cards.demo import extend_demo
    from koers.cards.models import CardItem, ItemKind, Theme

    extend_demo(demo)
    item = CardItem.objects.get(
        card__employee__organisation=demo,
        card__employee__personnel_number="D-medewerker",
        theme=Theme.GROEI,
        kind=ItemKind.AGREEMENT,
        plan_point__isnull=True,
    )
    return [item.card.employee_id, item.pk]


def _kees_old_card(demo):
    from koers.cards import actions, queries
    from koers.organisations.actors import actor_for
    from koers.organisations.models import Employee

    kees = Employee.objects.get(organisation=demo, personnel_number="D-medewerker")
    card = actions.start_card(actor_for(kees), kees, year=queries.this_year() - 1)
    return [kees.pk, card.year]


def _team(organisation_slug: str, name: str):
    def build(_demo):
        from koers.organisations.models import Team

        return [Team.objects.get(organisation__slug=organisation_slug, name=name).pk]

    return build


def _team_agreement(_demo):
    from koers.cards.demo import extend_demo
    from koers.cards.models import TeamAgreement

    extend_demo(_demo)
    agreement = TeamAgreement.objects.filter(team_card__team__name="Assemblage").first()
    return [agreement.team_card.team_id, agreement.pk]


def _step(build):
    def with_step(demo):
        return [*build(demo), "groei", "wish"]

    return with_step


KEES = employee_args("demo-werkbedrijf", "D-medewerker")
DEWI = employee_args("demo-werkbedrijf", "D-collega")
OTHER_ORG = employee_args("tweede-organisatie", "T005")

TARGETS = {
    "card_kees": KEES,
    "card_dewi": DEWI,
    "card_other_org": OTHER_ORG,
    "card_step_kees": _step(KEES),
    "card_step_dewi": _step(DEWI),
    "card_item_kees_groei": _kees_item("groei"),
    "card_item_kees_gezond": _kees_item("gezond"),
    "card_item_kees_agreement": _kees_agreement,
    "card_kees_old_year": _kees_old_card,
    "team_assemblage": _team("demo-werkbedrijf", "Assemblage"),
    "team_verpakken": _team("demo-werkbedrijf", "Verpakken"),
    "team_other_org": _team("tweede-organisatie", "Magazijn"),
    "team_agreement_assemblage": _team_agreement,
}

# Kees's card: Kees himself and his manager.
KEES_CARD = {"medewerker": 200, "manager": 200}
# Dewi's card: only Dewi (her team is not led by `manager`).
DEWI_CARD = {"collega": 200}

CASES = [
    Case("my-card", {}, default=302),
    *[
        Case(name, expect, target=target, default=NOT_FOUND)
        for name in ("card-detail", "card-pdf")
        for target, expect in (
            ("card_kees", KEES_CARD),
            ("card_dewi", DEWI_CARD),
            ("card_other_org", {}),
        )
    ],
    Case("card-step", KEES_CARD, target="card_step_kees", default=NOT_FOUND),
    Case("card-step", DEWI_CARD, target="card_step_dewi", default=NOT_FOUND),
    Case(
        "card-step",
        {"medewerker": 302, "manager": 302},
        target="card_step_kees",
        method="post",
        data={"what": "Ik wil leren lassen."},
        default=NOT_FOUND,
    ),
    Case("card-item-edit", KEES_CARD, target="card_item_kees_groei", default=NOT_FOUND),
    Case("card-item-delete", KEES_CARD, target="card_item_kees_groei", default=NOT_FOUND),
    # Sharing is the employee's own choice: the manager may see the item but not share it.
    Case(
        "card-item-share",
        {"medewerker": 200, "manager": FORBIDDEN},
        target="card_item_kees_gezond",
        default=NOT_FOUND,
    ),
    Case(
        "card-item-share",
        {"medewerker": 302, "manager": FORBIDDEN},
        target="card_item_kees_groei",
        method="post",
        default=NOT_FOUND,
    ),
    Case(
        "card-item-unshare",
        {"medewerker": 302, "manager": 302},
        target="card_item_kees_groei",
        method="post",
        default=NOT_FOUND,
    ),
    # Older cards and starting this year's card: whoever may open the card.
    *[
        Case(name, expect, target=target, default=NOT_FOUND)
        for name in ("card-years", "card-from-plan")
        for target, expect in (
            ("card_kees", KEES_CARD),
            ("card_dewi", DEWI_CARD),
            ("card_other_org", {}),
        )
    ],
    Case("card-year", KEES_CARD, target="card_kees_old_year", default=NOT_FOUND),
    Case(
        "card-start",
        {"medewerker": 302, "manager": 302},
        target="card_kees",
        method="post",
        default=NOT_FOUND,
    ),
    Case(
        "card-item-show",
        {"medewerker": 302, "manager": 302},
        target="card_item_kees_groei",
        default=NOT_FOUND,
    ),
    # An agreement goes to the POP: the manager writes the plan (001 step 4), not the
    # employee; HR neither (HR reads plans, not cards).
    Case(
        "card-item-to-plan",
        {"manager": 200},
        target="card_item_kees_agreement",
        default=FORBIDDEN,
    ),
    Case(
        "card-item-to-plan",
        {"manager": 302},
        target="card_item_kees_agreement",
        method="post",
        data={"category": "function", "title": "Solderen"},
        default=FORBIDDEN,
    ),
    # Typing in a paper card: managers only, for the people in the teams they lead.
    Case("card-paper", {"manager": 200}, target="card_kees", default=FORBIDDEN),
    Case("card-paper", {"manager": NOT_FOUND}, target="card_dewi", default=FORBIDDEN),
    Case("teamcard-list", {}, default=200),
    *[
        Case(name, expect, target=target, default=NOT_FOUND)
        for name in ("teamcard-detail", "teamcard-pdf")
        for target, expect in (
            ("team_assemblage", {"medewerker": 200, "manager": 200, "hr": 200}),
            ("team_verpakken", {"collega": 200, "hr": 200}),
            ("team_other_org", {"hr2": 200}),
        )
    ],
    Case("teamcard-edit", {"manager": 200}, target="team_assemblage", default=FORBIDDEN),
    Case("teamcard-edit", {"manager": NOT_FOUND}, target="team_verpakken", default=FORBIDDEN),
    Case(
        "teamcard-agreement-delete",
        {"manager": 302},
        target="team_agreement_assemblage",
        method="post",
        default=FORBIDDEN,
    ),
]
