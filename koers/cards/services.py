"""State changes for gesprekskaarten and teamkaarten. Views and the demo call these; nothing
else writes."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.access.actor import Actor
from koers.cards.models import (
    Card,
    CardItem,
    ItemKind,
    NameDisplay,
    TeamAgreement,
    TeamCard,
    Theme,
)
from koers.lib.errors import NotAllowed
from koers.organisations.models import Employee, Team
from koers.plans import actions as plan_actions
from koers.plans.models import DevelopmentPlan, DevelopmentPoint


class SharingNotAllowed(Exception):
    """Only the employee decides what their team sees."""


# Said in plain words when a gezond item would go to the POP (AVG art. 9: HR reads the POP).
HEALTH_NOT_IN_PLAN = _(
    "Dit gaat over gezond. Dat zetten we niet in het POP. HR kan het POP lezen. "
    "Wat over gezond gaat, blijft tussen u en uw leidinggevende. Het blijft op de kaart staan."
)
TEXT_IN_PLAN = _("Deze afspraak staat in het POP. De tekst verandert daar, door de leidinggevende.")


def _current_year() -> int:
    return timezone.localdate().year


@transaction.atomic
def card_for(employee: Employee, year: int | None = None) -> Card:
    """000: one card per employee per period; the first write of a period starts it."""
    card, _created = Card.objects.get_or_create(
        employee=employee,
        year=year or _current_year(),
        defaults={"organisation_id": employee.organisation_id},
    )
    return card


def start_card(employee: Employee) -> Card:
    """000: a new period starts a new card: by hand ("start de kaart voor <jaar>"), or by
    the first item written in the new year. Earlier cards stay, to read."""
    return card_for(employee)


def _clean_item_values(kind: str, what: str, who_helps: str, when: str) -> dict[str, str]:
    what = what.strip()
    if not what:
        raise ValidationError(_("Schrijf eerst iets op."))
    if kind == ItemKind.WISH:
        # A wish has no helper or date; those belong to an agreement.
        who_helps = when = ""
    return {"what": what, "who_helps": who_helps.strip(), "when": when.strip()}


@transaction.atomic
def add_item(
    employee: Employee,
    *,
    theme: str,
    kind: str,
    what: str,
    who_helps: str = "",
    when: str = "",
    written_by: Employee | None = None,
) -> CardItem:
    """000: a wish or an agreement on the individual card, written by the employee, by the
    manager in the talk, or together. Never shared when written."""
    Theme(theme)
    ItemKind(kind)
    item = CardItem(
        card=card_for(employee),
        theme=theme,
        kind=kind,
        written_by=written_by,
        **_clean_item_values(kind, what, who_helps, when),
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def update_item(
    item: CardItem, *, what: str | None = None, who_helps: str = "", when: str = ""
) -> CardItem:
    """Change an item. For an agreement linked to the POP only "wie helpt?" and "wanneer?"
    change here: its text lives in the plan point and changes there (``link_to_plan``)."""
    if item.is_linked:
        if what is not None:
            raise ValidationError(TEXT_IN_PLAN)
        item.who_helps, item.when = who_helps.strip(), when.strip()
        item.save(update_fields=["who_helps", "when", "updated_at"])
        return item
    for name, value in _clean_item_values(item.kind, what or "", who_helps, when).items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def remove_item(item: CardItem) -> None:
    item.delete()


@transaction.atomic
def share_item(item: CardItem, *, by: Employee, health_confirmed: bool = False) -> CardItem:
    """000: items the employee marks as shared appear on the teamkaart of their team.
    Only the employee shares; a gezond item needs a second, explicit confirmation."""
    if by.pk != item.card.employee_id:
        raise SharingNotAllowed
    if item.is_health and not health_confirmed:
        raise ValidationError(_("Zet eerst een vinkje als u dit echt wilt delen."))
    item.shared = True
    item.health_share_confirmed = item.is_health
    item.shared_at = timezone.now()
    item.save(update_fields=["shared", "health_share_confirmed", "shared_at", "updated_at"])
    return item


@transaction.atomic
def unshare_item(item: CardItem) -> CardItem:
    """000: the employee can take an item off the teamkaart at any time; taking it off is
    always allowed (also by the manager), the teamkaart updates at once."""
    item.shared = False
    item.health_share_confirmed = False
    item.shared_at = None
    item.save(update_fields=["shared", "health_share_confirmed", "shared_at", "updated_at"])
    return item


@dataclass(frozen=True)
class PaperLine:
    """One filled line of a paper card, as the manager types it in."""

    theme: str
    kind: str
    what: str
    who_helps: str = ""
    when: str = ""
    shared_on_paper: bool = False


@transaction.atomic
def enter_paper_card(
    employee: Employee, lines: list[PaperLine], *, written_by: Employee
) -> list[CardItem]:
    """000 paper parity: a filled paper card is typed in on one screen. A line the employee
    ticked "delen" on paper is shared, except gezond: that needs the employee's own second
    confirmation on screen, so it stays private here."""
    items = []
    for line in lines:
        item = add_item(
            employee,
            theme=line.theme,
            kind=line.kind,
            what=line.what,
            who_helps=line.who_helps,
            when=line.when,
            written_by=written_by,
        )
        if line.shared_on_paper and line.theme != Theme.GEZOND:
            item.shared = True
            item.shared_at = timezone.now()
            item.save(update_fields=["shared", "shared_at", "updated_at"])
        items.append(item)
    return items


@transaction.atomic
def team_card_for(team: Team) -> TeamCard:
    card, _created = TeamCard.objects.get_or_create(
        team=team, defaults={"organisation_id": team.organisation_id}
    )
    return card


@transaction.atomic
def set_name_display(team: Team, name_display: str) -> TeamCard:
    """000 teamkaart: the team chooses first names or initials."""
    card = team_card_for(team)
    card.name_display = NameDisplay(name_display)
    card.save(update_fields=["name_display", "updated_at"])
    return card


@transaction.atomic
def add_team_agreement(
    team: Team, *, theme: str, text: str, written_by: Employee | None = None
) -> TeamAgreement:
    """000: "een teamkaart waarop gedeelde afspraken met het team genoteerd kunnen worden"."""
    text = text.strip()
    if not text:
        raise ValidationError(_("Schrijf eerst iets op."))
    agreement = TeamAgreement(
        team_card=team_card_for(team), theme=Theme(theme), text=text, written_by=written_by
    )
    agreement.full_clean()
    agreement.save()
    return agreement


@transaction.atomic
def remove_team_agreement(agreement: TeamAgreement) -> None:
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
# is removed from the plan, the text moves back to the card (``return_text_to_card``).


def check_linkable(item: CardItem) -> None:
    """Why this item cannot go to the POP, in plain words (ValidationError), or nothing."""
    if item.is_health:
        raise ValidationError(HEALTH_NOT_IN_PLAN)
    if item.kind != ItemKind.AGREEMENT:
        raise ValidationError(_("Alleen een afspraak kan in het POP. Dit is een wens."))
    if item.is_linked:
        raise ValidationError(_("Deze afspraak staat al in het POP."))
    if not item.card.is_current:
        raise ValidationError(_("Dit is een kaart van een eerder jaar. Die verandert niet meer."))


def current_plan(employee: Employee) -> DevelopmentPlan | None:
    """The POP that agreements go to: the newest plan whose period has not ended."""
    return (
        DevelopmentPlan.objects.filter(employee=employee, period_end__gte=timezone.localdate())
        .order_by("-period_start", "-pk")
        .first()
    )


@transaction.atomic
def link_to_plan(item: CardItem, actor: Actor, *, category: str, title: str) -> DevelopmentPoint:
    """001 step 4: an agreement on the card becomes a development point in the POP, in the
    category the manager chooses; the text becomes the point's goal and is kept there only
    (see above). Through ``adopt_agreements``, so the signing rules hold: a signed plan gets
    a new draft version, a plan the employee already signed is refused (VersionFrozen).
    No plan for this period yet: the manager's new plan for a year is made first. A gezond
    item never goes to the POP: HR reads the POP (AVG art. 9)."""
    item = CardItem.objects.select_for_update().select_related("card__employee").get(pk=item.pk)
    check_linkable(item)
    employee = item.card.employee
    if actor.employee_id == employee.pk or employee.team_id not in actor.led_team_ids:
        raise NotAllowed
    plan = current_plan(employee) or plan_actions.create_plan(actor, employee)
    [point] = plan_actions.adopt_agreements(
        actor, plan, [{"category": category, "title": title.strip(), "goal": item.what}]
    )
    point.card_item = item
    point.save(update_fields=["card_item"])
    item.what = ""
    item.save(update_fields=["what", "updated_at"])
    return point


@transaction.atomic
def show_on_card(point: DevelopmentPoint, actor: Actor, *, theme: str) -> CardItem:
    """000 + 001: a point of the POP is shown on this year's card as an agreement, without
    typing it again: the new card item holds no text of its own and shows the point's goal.
    The plan itself does not change, so no new version is needed. Not in gezond."""
    point = (
        DevelopmentPoint.objects.select_for_update()
        .select_related("plan__employee")
        .get(pk=point.pk)
    )
    employee = point.plan.employee
    if actor.employee_id != employee.pk and employee.team_id not in actor.led_team_ids:
        raise NotAllowed
    if Theme(theme) == Theme.GEZOND:
        raise ValidationError(HEALTH_NOT_IN_PLAN)
    if point.card_item_id is not None:
        raise ValidationError(_("Dit punt staat al op de kaart."))
    item = CardItem.objects.create(
        card=card_for(employee),
        theme=theme,
        kind=ItemKind.AGREEMENT,
        what="",
        written_by=actor.employee,
    )
    point.card_item = item
    point.save(update_fields=["card_item"])
    return item


def return_text_to_card(point: DevelopmentPoint) -> None:
    """The point leaves the POP (removed, or its plan deleted): its text moves back to the
    card item, which then holds it again, so the agreement is never lost nor doubled."""
    if point.card_item_id is None:
        return
    CardItem.objects.filter(pk=point.card_item_id).update(
        what=(point.goal or point.title)[:500], updated_at=timezone.now()
    )
