"""State changes for gesprekskaarten and teamkaarten. Views and the demo call these; nothing
else writes."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.cards.models import (
    Card,
    CardItem,
    ItemKind,
    NameDisplay,
    TeamAgreement,
    TeamCard,
    Theme,
)
from koers.organisations.models import Employee, Team


class SharingNotAllowed(Exception):
    """Only the employee decides what their team sees."""


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
def update_item(item: CardItem, *, what: str, who_helps: str = "", when: str = "") -> CardItem:
    for name, value in _clean_item_values(item.kind, what, who_helps, when).items():
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
