"""How an actor relates to a person, defined once, as a queryset filter and as an in-memory
check that agree (``koers/access/tests/test_relations.py`` proves it on the demo and on
generated organisations).

A relation is about *a person* (whose file a row belongs to): the employee of a plan, of a
conversation, of a signed version, or an employee row itself. ``q(actor, person=PATH)`` gives
the filter for rows whose person sits at ``PATH`` ("employee", "conversation__employee", or
"" for the Employee model); ``holds(actor, person)`` checks one loaded person. Both always
require the actor's own organisation: no relation crosses organisations.

The relations (domain.md, "Who sees what"):
- ``OWN``: the person is the actor (their own file).
- ``LED_NOW``: the actor is the person's *current* manager: a manager of the person's team
  now (a team change moves the file to the new manager at once), never of themselves.
- ``SAME_TEAM``: the person is in the actor's own team (colleagues; the actor too).
- ``AS_HR`` / ``AS_ORG_ADMIN``: the actor has that role in the person's organisation.
- ``IN_ORGANISATION``: any member of the organisation.
Relations combine with ``|`` and ``&``; ``FILE_READERS`` = own | led now | HR.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from django.db.models import Q

from koers.access.actor import Actor
from koers.access.roles import Role

# A filter that matches nothing (Django answers it without a query), and one that matches
# every row. Not ``Q()``: an empty Q drops out of ``|`` (``X | Q()`` is ``X``).
NOTHING = Q(pk__in=[])
EVERYTHING = Q(pk__isnull=False)


class Person(Protocol):
    pk: Any
    team_id: int | None
    organisation_id: int | None


def _field(person: str, name: str) -> str:
    """The lookup of ``name`` ("pk", "team_id", "organisation_id") of the person at ``person``."""
    if not person:
        return name
    return f"{person}_id" if name == "pk" else f"{person}__{name}"


@dataclass(frozen=True)
class Relation:
    name: str
    test: Callable[[Actor, Person], bool]
    where: Callable[[Actor, str], Q]

    def holds(self, actor: Actor, person: Person | None) -> bool:
        """In memory: does this relation hold between the actor and this person?"""
        return (
            person is not None
            and actor.employee_id is not None
            and person.organisation_id == actor.organisation_id
            and self.test(actor, person)
        )

    def q(self, actor: Actor, person: str = "employee", organisation: str | None = None) -> Q:
        """As a filter on rows whose person is at the lookup path ``person``. ``organisation``
        names the row's own organisation field when it has one (no join needed for it)."""
        if actor.employee_id is None or actor.organisation_id is None:
            return NOTHING
        org_field = f"{organisation}_id" if organisation else _field(person, "organisation_id")
        return Q(**{org_field: actor.organisation_id}) & self.where(actor, person)

    def __or__(self, other: Relation) -> Relation:
        return Relation(
            f"{self.name} | {other.name}",
            lambda a, p: self.test(a, p) or other.test(a, p),
            lambda a, path: self.where(a, path) | other.where(a, path),
        )

    def __and__(self, other: Relation) -> Relation:
        return Relation(
            f"{self.name} & {other.name}",
            lambda a, p: self.test(a, p) and other.test(a, p),
            lambda a, path: self.where(a, path) & other.where(a, path),
        )


def _own_q(actor: Actor, path: str) -> Q:
    return Q(**{_field(path, "pk"): actor.employee_id})


def _led_q(actor: Actor, path: str) -> Q:
    if not actor.led_team_ids:
        return NOTHING
    return Q(**{f"{_field(path, 'team_id')}__in": sorted(actor.led_team_ids)}) & ~_own_q(
        actor, path
    )


def _same_team_q(actor: Actor, path: str) -> Q:
    if actor.team_id is None:
        return NOTHING
    return Q(**{_field(path, "team_id"): actor.team_id})


def role(name: Role) -> Relation:
    """The actor has this role in the person's organisation."""
    return Relation(
        f"as {name.value}",
        lambda a, p: a.has_role(name),
        lambda a, path: EVERYTHING if a.has_role(name) else NOTHING,
    )


OWN = Relation("own", lambda a, p: p.pk == a.employee_id, _own_q)
LED_NOW = Relation(
    "led now",
    lambda a, p: p.team_id is not None and p.team_id in a.led_team_ids and p.pk != a.employee_id,
    _led_q,
)
SAME_TEAM = Relation(
    "same team", lambda a, p: a.team_id is not None and p.team_id == a.team_id, _same_team_q
)
IN_ORGANISATION = Relation("in organisation", lambda a, p: True, lambda a, path: EVERYTHING)
AS_HR = role(Role.HR)
AS_ORG_ADMIN = role(Role.ORG_ADMIN)

# The personnel file (POP, conversations, reports, signed versions): the employee, their
# current manager, HR of the organisation.
FILE_READERS = OWN | LED_NOW | AS_HR
# Who may read a card or a talk's working notes: never HR (000, 001).
OWN_OR_LED = OWN | LED_NOW

ALL = (OWN, LED_NOW, SAME_TEAM, IN_ORGANISATION, AS_HR, AS_ORG_ADMIN, FILE_READERS, OWN_OR_LED)


def in_organisation(actor: Actor, field: str = "organisation") -> Q:
    """Rows of the actor's organisation (structure every member may see: teams, courses)."""
    if actor.organisation_id is None:
        return NOTHING
    return Q(**{f"{field}_id": actor.organisation_id})


def team_q(actor: Actor, team: str = "team") -> Q:
    """Rows about a team the actor is in or leads now (the teamkaart)."""
    ids = set(actor.led_team_ids) | ({actor.team_id} if actor.team_id is not None else set())
    if not ids or actor.organisation_id is None:
        return NOTHING
    return Q(**{f"{team}_id__in": sorted(ids)})


def in_team(actor: Actor, team_id: int | None) -> bool:
    """In memory: the actor is in this team or leads it now (agrees with ``team_q``)."""
    return team_id is not None and (team_id == actor.team_id or team_id in actor.led_team_ids)


def is_current_manager(actor: Actor, person: Person) -> bool:
    """The actor leads the person's team now (``LED_NOW``)."""
    return LED_NOW.holds(actor, person)
