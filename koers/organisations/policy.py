"""Who may change people, structure, logins and settings (the access policy table).

- HR and the org admin manage the people of their organisation: add, edit, leave service,
  give or stop a login, import and export (domain.md, "Who sees what").
- The org admin alone manages the structure (departments, teams, managers), roles and the
  organisation's settings.
- The system actor of an organisation (``Actor.for_system(organisation.pk)``: the demo, a
  set-up command) may do all of this for that organisation only. It is allowed explicitly,
  because no person exists yet when an organisation is set up; the relations themselves
  never hold for it (it has no employee record).
- Logins: HR and the org admin give one, send or print its activation, reset it and stop it,
  but never set a password: only the system actor sets up logins with a password (the
  demo), and an activation is used by whoever holds its code, unless they are signed in as
  someone else.
- Founding an organisation belongs to the platform: a system actor without an organisation
  (a command run by the operator).
"""

from __future__ import annotations

from typing import Any

from koers.access import policy
from koers.access.actor import Actor
from koers.access.relations import AS_HR, AS_ORG_ADMIN
from koers.access.roles import Role
from koers.organisations.models import PEOPLE_READERS, Organisation


def _organisation_id(obj: Any) -> int | None:
    return obj.pk if isinstance(obj, Organisation) else getattr(obj, "organisation_id", None)


def _system(actor: Actor, obj: Any) -> bool:
    """The organisation's own system actor (set-up and demo), explicitly."""
    return (
        actor.system
        and actor.organisation_id is not None
        and (actor.organisation_id == _organisation_id(obj))
    )


def _platform(actor: Actor, obj: Any) -> bool:
    return actor.system and actor.organisation_id is None


def _role_in_organisation(*roles: Role):
    def rule(actor: Actor, obj: Any) -> bool:
        return (
            actor.employee_id is not None
            and actor.has_role(*roles)
            and actor.organisation_id == _organisation_id(obj)
        )

    return rule


def _either(*rules):
    def rule(actor: Actor, obj: Any) -> bool:
        return any(r(actor, obj) for r in rules)

    return rule


PEOPLE = _either(_role_in_organisation(Role.HR, Role.ORG_ADMIN), _system)
ADMIN = _either(_role_in_organisation(Role.ORG_ADMIN), _system)
ON_PEOPLE = _either(policy.on_self(AS_HR | AS_ORG_ADMIN), _system)
ON_ADMIN = _either(policy.on_self(AS_ORG_ADMIN), _system)

policy.register(
    "organisations.organisation",
    found=_platform,
    add_people=PEOPLE,
    manage_structure=ADMIN,
    change_settings=ADMIN,
    change_working_days=PEOPLE,
    import_people=PEOPLE,
    export_people=PEOPLE,
)


def _on_access(actor: Actor, employee: Any) -> bool:
    """Giving, resetting or stopping a login: HR prints the letter, so HR could activate it.
    For people with the HR or admin role only the org admin may, or HR could make itself an
    admin (or lock the admin out by stopping their login)."""
    if employee.is_hr or employee.is_org_admin:
        return ON_ADMIN(actor, employee)
    return ON_PEOPLE(actor, employee)


policy.register(
    "organisations.employee",
    # Who opens a person's page: themselves, their current manager, HR and the admin.
    read_person=policy.on_self(PEOPLE_READERS),
    edit=ON_PEOPLE,
    leave_service=ON_PEOPLE,
    grant_login=_on_access,
    stop_login=_on_access,
    reset_access=_on_access,
    set_roles=ON_ADMIN,
    set_up_login=_system,
)


def _holder_of_the_code(actor: Actor, activation: Any) -> bool:
    """The code is the proof; a browser signed in as someone else may not use it (HR cannot
    activate a person's login from their own session)."""
    return not actor.system and actor.user_id in (None, activation.user_id)


policy.register("organisations.activation", use=_holder_of_the_code)
policy.register("organisations.department", edit=ADMIN, delete=ADMIN)
policy.register("organisations.team", edit=ADMIN, delete=ADMIN)
policy.register("organisations.employeeimport", apply=PEOPLE)
