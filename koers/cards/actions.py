"""Every change to a gesprekskaart or a teamkaart (000): the actor first, the policy
(``koers.cards.policy``) and the dossier event inside one transaction. Views, the demo and
the tests call these; nothing else writes cards."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from koers.access import once, policy
from koers.access.actor import Actor
from koers.audit import events as audit
from koers.cards.models import (
    Card,
    CardItem,
    ItemKind,
    NameDisplay,
    TeamAgreement,
    TeamCard,
    Theme,
)
from koers.cards.queries import check_linkable, current_plan
from koers.lib import concurrency
from koers.lib.errors import Refused
from koers.organisations.models import Employee, Team
from koers.plans import actions as plan_actions
from koers.plans.models import DevelopmentPoint


@dataclass(frozen=True)
class PaperLine:
    """One filled line of a paper card, as the manager types it in."""

    theme: str
    kind: str
    what: str
    who_helps: str = ""
    when: str = ""
    shared_on_paper: bool = False


def _card_for(employee: Employee, year: int | None = None) -> tuple[Card, bool]:
    """000: one card per employee per period; the first write of a period starts it."""
    return Card.objects.get_or_create(
        employee=employee,
        year=year or timezone.localdate().year,
        defaults={"organisation_id": employee.organisation_id},
    )


def _record_item(actor: Actor, verb: str, item: CardItem, **params: object) -> None:
    audit.record(
        actor,
        verb,
        item,
        employee=item.card.employee,
        item=item.pk,
        theme=item.theme,
        **params,
    )


@transaction.atomic
def record_read(actor: Actor, employee: Employee, year: int, verb: str = "card.read") -> None:
    """Who sees what: every opening of someone's card (the page or the pdf) is logged in
    their dossier log."""
    policy.require(actor, "read_card", employee)
    audit.record(actor, verb, employee, employee=employee, year=year)


@transaction.atomic
def start_card(actor: Actor, employee: Employee, *, year: int | None = None) -> Card:
    """000: a new period starts a new card: by hand ("start de kaart voor <jaar>"), or by
    the first item written in the new year. Earlier cards stay, to read."""
    policy.require(actor, "write_card", employee)
    card, created = _card_for(employee, year)
    if created:
        audit.record(actor, "card.started", card, employee=employee, year=card.year)
    return card


def _clean_item_values(kind: str, what: str, who_helps: str, when: str) -> dict[str, str]:
    what = what.strip()
    if not what:
        raise Refused("cards.empty")
    if kind == ItemKind.WISH:
        # A wish has no helper or date; those belong to an agreement.
        who_helps = when = ""
    return {"what": what, "who_helps": who_helps.strip(), "when": when.strip()}


def _new_item(
    actor: Actor, employee: Employee, *, theme: str, kind: str, what: str, who_helps: str, when: str
) -> CardItem:
    Theme(theme)
    ItemKind(kind)
    item = CardItem(
        card=_card_for(employee)[0],
        theme=theme,
        kind=kind,
        written_by=actor.employee,
        **_clean_item_values(kind, what, who_helps, when),
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def add_item(
    actor: Actor,
    employee: Employee,
    *,
    theme: str,
    kind: str,
    what: str,
    who_helps: str = "",
    when: str = "",
    token: str = "",
) -> CardItem:
    """000: a wish or an agreement on the individual card, written by the employee, by the
    manager in the talk, or together. Never shared when written. Once per form (``token``)."""
    policy.require(actor, "write_card", employee)

    def make() -> CardItem:
        item = _new_item(
            actor, employee, theme=theme, kind=kind, what=what, who_helps=who_helps, when=when
        )
        _record_item(actor, "card.item_added", item, kind=item.kind)
        return item

    return once.make_once(actor, token, CardItem, make)


@transaction.atomic
def update_item(
    actor: Actor,
    item: CardItem,
    *,
    what: str | None = None,
    who_helps: str = "",
    when: str = "",
    expected_revision: int | None = None,
) -> CardItem:
    """Change an item. For an agreement linked to the POP only "wie helpt?" and "wanneer?"
    change here: its text lives in the plan point and changes there (``link_to_plan``).
    ``expected_revision``: the item's revision when the form was loaded; a save on an older
    one is refused (``StaleEdit``)."""
    policy.require(actor, "change", item)
    typed = {"what": what, "who_helps": who_helps, "when": when}
    concurrency.claim(
        item,
        expected_revision,
        values={name: value for name, value in typed.items() if value is not None},
    )
    if item.is_linked:
        if what is not None:
            raise Refused("cards.text_in_plan")
        item.who_helps, item.when = who_helps.strip(), when.strip()
        item.save(update_fields=["who_helps", "when", "updated_at"])
    else:
        for name, value in _clean_item_values(item.kind, what or "", who_helps, when).items():
            setattr(item, name, value)
        item.full_clean()
        item.save()
    _record_item(actor, "card.item_changed", item, kind=item.kind)
    return item


@transaction.atomic
def remove_item(actor: Actor, item: CardItem) -> None:
    policy.require(actor, "change", item)
    _record_item(actor, "card.item_removed", item, kind=item.kind)
    item.delete()


@transaction.atomic
def share_item(actor: Actor, item: CardItem, *, health_confirmed: bool = False) -> CardItem:
    """000: items the employee marks as shared appear on the teamkaart of their team.
    Only the employee shares; a gezond item needs a second, explicit confirmation."""
    policy.require(actor, "share", item)
    if item.is_health and not health_confirmed:
        raise Refused("cards.health_share_unconfirmed")
    item.shared = True
    item.health_share_confirmed = item.is_health
    item.shared_at = timezone.now()
    item.save(update_fields=["shared", "health_share_confirmed", "shared_at", "updated_at"])
    _record_item(actor, "card.item_shared", item)
    return item


@transaction.atomic
def unshare_item(actor: Actor, item: CardItem) -> CardItem:
    """000: the employee can take an item off the teamkaart at any time; taking it off is
    always allowed (also by the manager), the teamkaart updates at once."""
    policy.require(actor, "change", item)
    item.shared = False
    item.health_share_confirmed = False
    item.shared_at = None
    item.save(update_fields=["shared", "health_share_confirmed", "shared_at", "updated_at"])
    _record_item(actor, "card.item_unshared", item)
    return item


@transaction.atomic
def enter_paper_card(actor: Actor, employee: Employee, lines: list[PaperLine]) -> list[CardItem]:
    """000 paper parity: a filled paper card is typed in on one screen. A line the employee
    ticked "delen" on paper is shared, except gezond: that needs the employee's own second
    confirmation on screen, so it stays private here."""
    policy.require(actor, "enter_paper_card", employee)
    items = []
    for line in lines:
        item = _new_item(
            actor,
            employee,
            theme=line.theme,
            kind=line.kind,
            what=line.what,
            who_helps=line.who_helps,
            when=line.when,
        )
        if line.shared_on_paper and line.theme != Theme.GEZOND:
            item.shared = True
            item.shared_at = timezone.now()
            item.save(update_fields=["shared", "shared_at", "updated_at"])
        items.append(item)
    audit.record(actor, "card.paper_entered", employee=employee, count=len(items))
    return items


def _team_card_for(team: Team) -> TeamCard:
    card, _created = TeamCard.objects.get_or_create(
        team=team, defaults={"organisation_id": team.organisation_id}
    )
    return card


@transaction.atomic
def set_name_display(
    actor: Actor, team: Team, name_display: str, *, expected_revision: int | None = None
) -> TeamCard:
    """000 teamkaart: the team chooses first names or initials. ``expected_revision``: the
    form's token; a save on an older choice is refused."""
    policy.require(actor, "edit_teamcard", team)
    card = _team_card_for(team)
    card = TeamCard.objects.select_for_update().get(pk=card.pk)
    concurrency.claim_values(
        {"name_display": card.name_display}, expected_revision, {"name_display": name_display}
    )
    card.name_display = NameDisplay(name_display)
    card.save(update_fields=["name_display", "updated_at"])
    audit.record(actor, "teamcard.name_display_changed", card, name_display=card.name_display)
    return card


@transaction.atomic
def add_team_agreement(
    actor: Actor, team: Team, *, theme: str, text: str, token: str = ""
) -> TeamAgreement:
    """000: "een teamkaart waarop gedeelde afspraken met het team genoteerd kunnen worden".
    Once per form (``token``)."""
    policy.require(actor, "edit_teamcard", team)
    text = text.strip()
    if not text:
        raise Refused("cards.empty")

    def make() -> TeamAgreement:
        agreement = TeamAgreement(
            team_card=_team_card_for(team),
            theme=Theme(theme),
            text=text,
            written_by=actor.employee,
        )
        agreement.full_clean()
        agreement.save()
        audit.record(
            actor,
            "team_agreement.added",
            agreement,
            agreement=agreement.pk,
            theme=agreement.theme,
        )
        return agreement

    return once.make_once(actor, token, TeamAgreement, make)


@transaction.atomic
def remove_team_agreement(actor: Actor, agreement: TeamAgreement) -> None:
    policy.require(actor, "remove", agreement)
    audit.record(
        actor, "team_agreement.removed", agreement, agreement=agreement.pk, theme=agreement.theme
    )
    agreement.delete()


# --- the link with the POP (issue 6 item 2) ---------------------------------------------------
#
# One source of truth per agreement: the POP point holds the text, the card shows it.
# Why the point: a signed POP is frozen (003 dossier); its text changes only through
# koers.plans.actions, which starts a new draft version, logs the change and asks both to
# sign again. If the card held the text, a change on the card would silently change a
# signed plan. So linking *moves* the text: the point's ``goal`` gets it and the card item's
# ``what`` is emptied; ``CardItem.text`` shows the goal on the card, the teamkaart and the
# PDFs. "Wie helpt?" and "wanneer?" stay the card's own easy-language notes. When the point
# is removed from the plan, the text moves back to the card (``signals.return_text_to_card``).


@transaction.atomic
def link_to_plan(actor: Actor, item: CardItem, *, category: str, title: str) -> DevelopmentPoint:
    """001 step 4: an agreement on the card becomes a development point in the POP, in the
    category the manager chooses; the text becomes the point's goal and is kept there only
    (see above). Through ``adopt_agreements``, so the signing rules hold: a signed plan gets
    a new draft version, a plan the employee already signed is refused (VersionFrozen).
    No plan for this period yet: the manager's new plan for a year is made first. A gezond
    item never goes to the POP: HR reads the POP (AVG art. 9)."""
    item = CardItem.objects.select_for_update().select_related("card__employee").get(pk=item.pk)
    policy.require(actor, "to_plan", item)
    check_linkable(item)
    employee = item.card.employee
    plan = current_plan(employee) or plan_actions.create_plan(actor, employee)
    [point] = plan_actions.adopt_agreements(
        actor, plan, [{"category": category, "title": title.strip(), "goal": item.what}]
    )
    point.card_item = item
    point.save(update_fields=["card_item"])
    item.what = ""
    item.save(update_fields=["what", "updated_at"])
    audit.record(
        actor,
        "card.agreement_to_plan",
        item,
        employee=employee,
        item=item.pk,
        point=point.pk,
        category=point.category,
    )
    return point


@transaction.atomic
def show_on_card(actor: Actor, point: DevelopmentPoint, *, theme: str) -> CardItem:
    """000 + 001: a point of the POP is shown on this year's card as an agreement, without
    typing it again: the new card item holds no text of its own and shows the point's goal.
    The plan itself does not change, so no new version is needed. Not in gezond."""
    point = (
        DevelopmentPoint.objects.select_for_update()
        .select_related("plan__employee")
        .get(pk=point.pk)
    )
    employee = point.plan.employee
    policy.require(actor, "write_card", employee)
    if Theme(theme) == Theme.GEZOND:
        raise Refused("cards.health_not_in_plan")
    if point.card_item_id is not None:
        raise Refused("cards.already_on_card")
    item = CardItem.objects.create(
        card=_card_for(employee)[0],
        theme=theme,
        kind=ItemKind.AGREEMENT,
        what="",
        written_by=actor.employee,
    )
    point.card_item = item
    point.save(update_fields=["card_item"])
    _record_item(actor, "card.point_on_card", item, point=point.pk)
    return item
