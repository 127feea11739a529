"""Building the access layer's Actor from the database (``settings.KOERS_ACTOR_LOADER``)."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Subquery

from koers.access.actor import Actor
from koers.access.roles import Role
from koers.lib.aggregates import IdList, parse_ids
from koers.organisations.models import Employee, Team


def actor_for_user(user: Any) -> Actor:
    """The actor of a login: nobody when signed out, a bare login without an employee record
    in service, or the person with their roles."""
    if user is None or not user.is_authenticated:
        return Actor()
    # The teams they lead come with the person: one query for the actor of every request.
    led = (
        Team.managers.through.objects.filter(employee_id=OuterRef("pk"))
        .order_by()
        .values("employee_id")
        .annotate(ids=IdList("team_id"))
        .values("ids")
    )
    employee = (
        Employee.objects.select_related("organisation", "team__department")
        .annotate(led_team_id_list=Subquery(led))
        .filter(user_id=user.pk)
        .first()
    )
    if employee is None or not employee.is_in_service():
        return Actor(user_id=user.pk)
    return actor_for(employee)


def actor_for(employee: Employee) -> Actor:
    """The actor for a person, with or without a login (demo data, commands, tests)."""
    if hasattr(employee, "led_team_id_list"):  # annotated by actor_for_user
        led = parse_ids(employee.led_team_id_list)
    else:
        led = frozenset(Team.objects.filter(managers=employee).values_list("pk", flat=True))
    roles = {Role.EMPLOYEE.value}
    if led:
        roles.add(Role.MANAGER.value)
    if employee.is_hr:
        roles.add(Role.HR.value)
    if employee.is_org_admin:
        roles.add(Role.ORG_ADMIN.value)
    return Actor(
        user_id=employee.user_id,
        employee_id=employee.pk,
        organisation_id=employee.organisation_id,
        team_id=employee.team_id,
        roles=frozenset(roles),
        led_team_ids=led,
        employee=employee,
    )
