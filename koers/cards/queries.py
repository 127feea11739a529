"""Scoped reads for the card screens, the teamkaart and the PDFs."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from koers.access.actor import Actor
from koers.cards import refusals  # noqa: F401  (registers the Refused codes)
from koers.cards.models import Card, CardItem, ItemKind, NameDisplay, TeamCard, Theme
from koers.cards.themes import THEMES, ThemeInfo
from koers.lib.errors import Refused
from koers.organisations.models import Employee, Role, Team
from koers.plans.models import DevelopmentPlan, DevelopmentPoint

PAPER_LINES = 3


def card_holders(actor: Actor) -> QuerySet[Employee]:
    """The people whose card the actor may open: themselves and the people in the teams they
    lead. HR reads no individual cards (gezond stays between employee and manager)."""
    if actor.organisation_id is None or actor.employee_id is None:
        return Employee.objects.none()
    return Employee.objects.filter(organisation_id=actor.organisation_id).filter(
        Q(pk=actor.employee_id) | Q(team_id__in=actor.led_team_ids)
    )


def this_year() -> int:
    return timezone.localdate().year


def current_card(employee: Employee) -> Card | None:
    """The latest card of this employee; None before anything is written. It is the one the
    card page opens; it can be filled in only while it is this year's (``Card.is_current``)."""
    return Card.objects.filter(employee=employee).order_by("-year").first()


def card_of_year(employee: Employee, year: int) -> Card | None:
    return Card.objects.filter(employee=employee, year=year).first()


def cards_per_year(employee: Employee) -> QuerySet[Card]:
    """000: all cards of this employee, newest first, with how many items each holds."""
    return (
        Card.objects.filter(employee=employee).annotate(item_count=Count("items")).order_by("-year")
    )


def plan_points_for_card(actor: Actor, employee: Employee) -> QuerySet[DevelopmentPoint]:
    """Points of the employee's POPs that still run and are not on the card yet."""
    return (
        DevelopmentPoint.objects.visible_to(actor)
        .filter(
            plan__employee=employee,
            plan__period_end__gte=timezone.localdate(),
            card_item__isnull=True,
        )
        .select_related("plan")
        .order_by("-plan__period_start", "position", "pk")
    )


@dataclass
class ThemeSheet:
    info: ThemeInfo
    wishes: list[CardItem] = field(default_factory=list)
    agreements: list[CardItem] = field(default_factory=list)

    @property
    def is_health(self) -> bool:
        return self.info.value == Theme.GEZOND

    # Paper parity: every list prints with at least PAPER_LINES lines to write on by hand.
    @property
    def blank_wishes(self) -> range:
        return range(max(0, PAPER_LINES - len(self.wishes)))

    @property
    def blank_agreements(self) -> range:
        return range(max(0, PAPER_LINES - len(self.agreements)))


def card_sheets(card: Card | None) -> list[ThemeSheet]:
    """The three themes of a card with their wishes and agreements; one query."""
    sheets = {theme: ThemeSheet(THEMES[theme]) for theme in Theme}
    if card is not None:
        for item in card.items.select_related("plan_point__plan").order_by("created_at", "pk"):
            sheet = sheets[item.theme]
            (sheet.wishes if item.kind == ItemKind.WISH else sheet.agreements).append(item)
    return list(sheets.values())


def step_items(card: Card | None, theme: str, kind: str) -> list[CardItem]:
    if card is None:
        return []
    return list(
        card.items.filter(theme=theme, kind=kind)
        .select_related("plan_point__plan")
        .order_by("created_at", "pk")
    )


def teamkaart_teams(actor: Actor) -> QuerySet[Team]:
    """Teams whose teamkaart the actor may see: their own team and the teams they lead;
    HR every team of the organisation."""
    if actor.organisation_id is None or actor.employee_id is None:
        return Team.objects.none()
    teams = Team.objects.filter(organisation_id=actor.organisation_id)
    if actor.has_role(Role.HR):
        return teams
    own_team = actor.employee.team_id if actor.employee is not None else None
    return teams.filter(Q(pk=own_team) | Q(pk__in=actor.led_team_ids))


def sees_health_details(actor: Actor, team: Team) -> bool:
    """Shared gezond items are for the team and its managers; HR sees only how many."""
    own_team = actor.employee.team_id if actor.employee is not None else None
    return team.pk == own_team or team.pk in actor.led_team_ids


def display_name(employee: Employee, name_display: str) -> str:
    if name_display == NameDisplay.INITIALS:
        letters = [employee.first_name[:1], employee.last_name[:1]]
        return "".join(f"{letter.upper()}." for letter in letters if letter)
    return employee.first_name


@dataclass
class TeamTheme:
    info: ThemeInfo
    entries: list[tuple[str, CardItem]] = field(default_factory=list)
    agreements: list = field(default_factory=list)
    hidden_count: int = 0


@dataclass
class Teamkaart:
    team: Team
    name_display: str
    themes: list[TeamTheme]
    printed_on: datetime.date

    @property
    def shared_count(self) -> int:
        return sum(len(t.entries) + t.hidden_count for t in self.themes)


def shared_items_of_team(team: Team) -> QuerySet[CardItem]:
    """000: only shared items, from the current card of each person now in the team."""
    return shared_items_of_teams(team.organisation_id, [team.pk])


def shared_items_of_teams(organisation_id: int, team_ids: list[int]) -> QuerySet[CardItem]:
    """The shared items of the current cards of the people now in these teams. It starts
    from the teams' members (their latest card each, then its items), so it reads what the
    teams hold, never the organisation's cards (issue 18)."""
    latest = Card.objects.filter(employee=OuterRef("pk")).order_by("-year").values("pk")[:1]
    current_cards = (
        Employee.objects.filter(organisation_id=organisation_id, team_id__in=team_ids)
        .in_service(timezone.localdate())
        .order_by()
        .values(card=Subquery(latest))
    )
    return (
        CardItem.objects.filter(shared=True, card_id__in=current_cards)
        .select_related("card__employee", "plan_point")
        .order_by("card__employee__first_name", "created_at", "pk")
    )


def teamkaart(team: Team, actor: Actor) -> Teamkaart:
    team_card = TeamCard.objects.filter(team=team).first()
    name_display = team_card.name_display if team_card else NameDisplay.FIRST_NAME
    themes = {theme: TeamTheme(THEMES[theme]) for theme in Theme}
    health_details = sees_health_details(actor, team)
    for item in shared_items_of_team(team):
        theme = themes[item.theme]
        if item.is_health and not health_details:
            theme.hidden_count += 1
        else:
            theme.entries.append((display_name(item.card.employee, name_display), item))
    if team_card is not None:
        for agreement in team_card.agreements.all():
            themes[agreement.theme].agreements.append(agreement)
    return Teamkaart(team, name_display, list(themes.values()), timezone.localdate())


@dataclass
class TeamCount:
    team: Team
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def team_overview(actor: Actor) -> list[TeamCount]:
    """The teamkaarten the actor may open, with how many shared items each theme shows
    (counts only: that is all HR learns about gezond). Two queries, whatever the size."""
    teams = list(
        teamkaart_teams(actor).select_related("department").order_by("department__name", "name")
    )
    counts = {team.pk: dict.fromkeys(Theme.values, 0) for team in teams}
    rows = (
        shared_items_of_teams(actor.organisation_id, [team.pk for team in teams])
        .order_by()
        .values_list("card__employee__team", "theme")
        .annotate(count=Count("pk"))
    )
    for team_id, theme, count in rows:
        counts[team_id][theme] = count
    return [TeamCount(team, counts[team.pk]) for team in teams]


def team_members_with_cards(team: Team) -> QuerySet[Employee]:
    """For the manager: who is in the team and how many items their cards hold."""
    return (
        team.members.in_service()
        .annotate(item_count=Count("cards__items"))
        .order_by("first_name", "last_name")
    )


def check_linkable(item: CardItem) -> None:
    """Why this item cannot go to the POP (``Refused``), or nothing."""
    if item.is_health:
        raise Refused("cards.health_not_in_plan")
    if item.kind != ItemKind.AGREEMENT:
        raise Refused("cards.wish_not_in_plan")
    if item.is_linked:
        raise Refused("cards.already_in_plan")
    if not item.card.is_current:
        raise Refused("cards.earlier_card")


def current_plan(employee: Employee) -> DevelopmentPlan | None:
    """The POP that agreements go to: the newest plan whose period has not ended."""
    return (
        DevelopmentPlan.objects.filter(employee=employee, period_end__gte=timezone.localdate())
        .order_by("-period_start", "-pk")
        .first()
    )
