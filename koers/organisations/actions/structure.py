"""Actions on the organisation's structure: departments, teams and who leads them. The org
admin configures these; a manager sees the people of the teams they lead now, so a change
of managers changes who sees what at once."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from koers.access import once, policy
from koers.access.actor import Actor
from koers.lib import concurrency
from koers.lib.errors import Refused, register_messages
from koers.organisations import audit
from koers.organisations.models import Department, Employee, Organisation, Team

register_messages(
    {
        "department.name_taken": _("Er is al een afdeling met de naam %(name)s."),
        "department.has_teams": _(
            "Deze afdeling heeft nog teams. Verplaats of verwijder die eerst."
        ),
        "team.name_taken": _("Deze afdeling heeft al een team met de naam %(name)s."),
        "team.has_members": _("Er zitten nog mensen in dit team. Verplaats hen eerst."),
        "team.other_organisation": _(
            "Afdeling en leidinggevenden moeten bij uw organisatie horen."
        ),
    }
)


def _name_taken(queryset, name: str, pk: int | None) -> bool:
    return queryset.filter(name=name).exclude(pk=pk).exists()


@transaction.atomic
def add_department(
    actor: Actor, organisation: Organisation, name: str, *, token: str = ""
) -> Department:
    """Once per form (``token``); a name is used once in an organisation."""
    policy.require(actor, "manage_structure", organisation)
    name = name.strip()

    def make() -> Department:
        department = Department(organisation=organisation, name=name)
        department.save()
        audit.record(actor, "department.created", department, department=department.pk)
        return department

    return once.make_once(
        actor,
        token,
        Department,
        make,
        existing=lambda: organisation.departments.filter(name=name).first(),
        refusal="department.name_taken",
        name=name,
    )


@transaction.atomic
def rename_department(actor: Actor, department: Department, name: str) -> Department:
    policy.require(actor, "edit", department)
    department.name = name.strip()
    siblings = Department.objects.filter(organisation_id=department.organisation_id)
    if _name_taken(siblings, department.name, department.pk):
        raise Refused("department.name_taken", name=department.name)
    department.save()
    audit.record(actor, "department.changed", department, department=department.pk)
    return department


@transaction.atomic
def delete_department(actor: Actor, department: Department) -> None:
    policy.require(actor, "delete", department)
    if department.teams.exists():
        raise Refused("department.has_teams")
    audit.record(actor, "department.deleted", department, department=department.pk)
    department.delete()


@transaction.atomic
def add_team(
    actor: Actor,
    organisation: Organisation,
    *,
    department: Department,
    name: str,
    managers: Iterable[Employee] = (),
    token: str = "",
) -> Team:
    """A team has one or more managers (leidinggevenden). Once per form (``token``)."""
    policy.require(actor, "manage_structure", organisation)
    managers = list(managers)

    def make() -> Team:
        team = Team(organisation=organisation)
        _save_team(team, department, name)
        audit.record(actor, "team.created", team, team=team.pk)
        if managers:
            _set_managers(actor, team, managers)
        return team

    return once.make_once(
        actor,
        token,
        Team,
        make,
        existing=lambda: department.teams.filter(name=name.strip()).first(),
        refusal="team.name_taken",
        name=name.strip(),
    )


@transaction.atomic
def edit_team(
    actor: Actor,
    team: Team,
    *,
    department: Department,
    name: str,
    managers: Iterable[Employee],
    expected_revision: int | None = None,
) -> Team:
    """A team's name, department and managers. ``expected_revision``: the team's revision
    when the form was loaded; a save on an older one is refused (``StaleEdit``)."""
    policy.require(actor, "edit", team)
    concurrency.claim(team, expected_revision, values={"department": department, "name": name})
    _save_team(team, department, name)
    audit.record(actor, "team.changed", team, team=team.pk)
    managers = list(managers)
    if {m.pk for m in managers} != set(team.managers.values_list("pk", flat=True)):
        _set_managers(actor, team, managers)
    return team


@transaction.atomic
def set_team_managers(actor: Actor, team: Team, managers: Iterable[Employee]) -> Team:
    """Who leads the team now: the file of each member moves to them at once."""
    policy.require(actor, "edit", team)
    _set_managers(actor, team, list(managers))
    return team


@transaction.atomic
def delete_team(actor: Actor, team: Team) -> None:
    policy.require(actor, "delete", team)
    if team.members.exists():
        raise Refused("team.has_members")
    audit.record(actor, "team.deleted", team, team=team.pk)
    team.delete()


def _save_team(team: Team, department: Department, name: str) -> None:
    if department.organisation_id != team.organisation_id:
        raise Refused("team.other_organisation")
    team.department = department
    team.name = name.strip()
    if _name_taken(department.teams.all(), team.name, team.pk):
        raise Refused("team.name_taken", name=team.name)
    team.save()


def _set_managers(actor: Actor, team: Team, managers: list[Employee]) -> None:
    if any(m.organisation_id != team.organisation_id for m in managers):
        raise Refused("team.other_organisation")
    team.managers.set(managers)
    audit.record(actor, "team.managers_changed", team, team=team.pk, count=len(managers))
