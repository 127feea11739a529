"""Actions on the organisation and its people: found it, change its settings (among them who
must sign in with a second factor), add people, change their details, mark them as left
service and undo that."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.access import once, policy
from koers.access.actor import Actor
from koers.lib import concurrency, registry
from koers.lib.errors import Refused, register_messages
from koers.organisations import audit
from koers.organisations.models import OPTIONAL_FIELD_GROUPS, Employee, Organisation

# The login model (accounts sits above organisations: no import of it here).
User = get_user_model()

register_messages(
    {
        "organisations.invalid": _("Dit kan niet worden opgeslagen: %(problem)s"),
        "person.number_taken": _("Er is al iemand met personeelsnummer %(number)s."),
    }
)


def _clean(obj: Any, **kwargs: Any) -> None:
    """Model validation as a domain refusal (the forms have checked the same before)."""
    try:
        obj.full_clean(**kwargs)
    except ValidationError as error:
        raise Refused("organisations.invalid", problem=" ".join(error.messages)) from error


@transaction.atomic
def found_organisation(actor: Actor, *, name: str, slug: str, **values: Any) -> Organisation:
    """A new tenant; the platform (a command) founds it, its own people run it after. The
    apps above set it up in the same transaction (the default conversation templates)."""
    organisation = Organisation(name=name, slug=slug, **values)
    policy.require(actor, "found", organisation)
    _clean(organisation)
    organisation.save()
    system = Actor.for_system(organisation.pk)
    audit.record(system, "organisation.created", organisation)
    registry.organisation_founded(system, organisation)
    return organisation


@transaction.atomic
def require_second_factor(
    actor: Actor, organisation: Organisation, *, required: bool, for_managers: bool = False
) -> Organisation:
    """Issue 10: with ``required``, HR and org admins (and managers with ``for_managers``)
    cannot use Koers until they have enrolled a second factor."""
    policy.require(actor, "change_settings", organisation)
    before = organisation.second_factor_rule
    organisation.second_factor_required = required
    organisation.second_factor_for_managers = for_managers
    organisation.save(update_fields=["second_factor_required", "second_factor_for_managers"])
    if organisation.second_factor_rule != before:
        audit.record(
            actor,
            "organisation.second_factor_changed",
            organisation,
            rule=organisation.second_factor_rule,
        )
    return organisation


@transaction.atomic
def change_settings(
    actor: Actor, organisation: Organisation, *, expected_revision: int | None = None, **values: Any
) -> Organisation:
    """Switching a personal field off erases what was kept of it (data minimisation).
    ``expected_revision``: the settings' revision when the form was loaded (``StaleEdit``).
    The second factor's settings go through ``require_second_factor`` (an event of their
    own)."""
    policy.require(actor, "change_settings", organisation)
    concurrency.claim(organisation, expected_revision, values=values)
    if "second_factor_required" in values:
        require_second_factor(
            actor,
            organisation,
            required=values.pop("second_factor_required"),
            for_managers=values.pop("second_factor_for_managers", False),
        )
    for name, value in values.items():
        setattr(organisation, name, value)
    _clean(organisation)
    organisation.save()
    dropped = [
        field
        for group, fields in OPTIONAL_FIELD_GROUPS.items()
        if not getattr(organisation, f"keeps_{group}")
        for field in fields
    ]
    if dropped:
        blank = {field: None if Employee._meta.get_field(field).null else "" for field in dropped}
        # A person's form loaded before this is stale now: the revision moves on too.
        organisation.employees.update(**blank, revision=F("revision") + 1)
    audit.record(actor, "organisation.settings_changed", organisation)
    return organisation


@transaction.atomic
def change_working_days(
    actor: Actor,
    organisation: Organisation,
    *,
    work_day_starts: datetime.time,
    work_day_ends: datetime.time,
    closed_days: list[str],
    expected_revision: int | None = None,
) -> Organisation:
    """004, issue 11 item 7: the hours and days within which a team's talks are planned. HR
    or the org admin keeps them (feestdagen, a closed week)."""
    policy.require(actor, "change_working_days", organisation)
    values = {
        "work_day_starts": work_day_starts,
        "work_day_ends": work_day_ends,
        "closed_days": sorted({datetime.date.fromisoformat(d).isoformat() for d in closed_days}),
    }
    concurrency.claim(organisation, expected_revision, values=values)
    for name, value in values.items():
        setattr(organisation, name, value)
    _clean(organisation)
    organisation.save()
    audit.record(
        actor, "organisation.working_days_changed", organisation, closed=len(values["closed_days"])
    )
    return organisation


@transaction.atomic
def add_person(
    actor: Actor, organisation: Organisation, *, token: str = "", **values: Any
) -> Employee:
    """001 POP form, employee block: a new person in the organisation. Once per form
    (``token``); a personnel number is used once in an organisation."""
    policy.require(actor, "add_people", organisation)
    number = values.get("personnel_number")

    def make() -> Employee:
        employee = Employee(organisation=organisation, **organisation.only_kept(values))
        _clean(employee, validate_constraints=False)  # the database's, race-free
        employee.save()
        audit.record(actor, "person.created", employee, employee=employee)
        return employee

    return once.make_once(
        actor,
        token,
        Employee,
        make,
        existing=lambda: (
            organisation.employees.filter(personnel_number=number).first() if number else None
        ),
        refusal="person.number_taken",
        number=number,
    )


@transaction.atomic
def add_people(
    actor: Actor, organisation: Organisation, rows: Iterable[dict[str, Any]]
) -> list[Employee]:
    """Many new people at once (set-up, the demo): one INSERT, one event per person.

    The rows are trusted as checked (an import checks them first); unkept personal fields
    are dropped all the same."""
    policy.require(actor, "add_people", organisation)
    employees = Employee.objects.bulk_create(
        [Employee(organisation=organisation, **organisation.only_kept(row)) for row in rows],
        batch_size=500,
    )
    if any(e.pk is None for e in employees):  # a backend that does not return new keys
        numbers = [e.personnel_number for e in employees]
        employees = list(
            Employee.objects.filter(organisation=organisation, personnel_number__in=numbers)
        )
    for employee in employees:
        audit.record(actor, "person.created", employee, employee=employee)
    return employees


@transaction.atomic
def record_read(actor: Actor, employee: Employee) -> None:
    """Who sees what: every opening of a person's page is logged in their dossier log."""
    policy.require(actor, "read_person", employee)
    audit.record(actor, "person.read", employee, employee=employee)


@transaction.atomic
def edit_person(
    actor: Actor, employee: Employee, *, expected_revision: int | None = None, **values: Any
) -> Employee:
    """A person's details. ``expected_revision``: the record's revision when the form was
    loaded; a save on an older one is refused (``StaleEdit``)."""
    policy.require(actor, "edit", employee)
    concurrency.claim(employee, expected_revision, values=values)
    for name, value in employee.organisation.only_kept(values).items():
        setattr(employee, name, value)
    _clean(employee)
    employee.save()
    _sync_login(employee)
    audit.record(actor, "person.changed", employee, employee=employee)
    return employee


@transaction.atomic
def mark_left_service(actor: Actor, employee: Employee, on: datetime.date) -> Employee:
    """People are never deleted from the UI: leaving service ends the login, keeps the file
    (retention: two years after employment ends, per organisation)."""
    policy.require(actor, "leave_service", employee)
    employee.left_service_on = on
    employee.save(update_fields=["left_service_on", "updated_at"])
    _sync_login(employee)
    audit.record(actor, "person.left_service", employee, employee=employee, on=on)
    return employee


@transaction.atomic
def undo_left_service(actor: Actor, employee: Employee) -> Employee:
    """Undo 'uit dienst': the person is in service again."""
    policy.require(actor, "leave_service", employee)
    employee.left_service_on = None
    employee.save(update_fields=["left_service_on", "updated_at"])
    _sync_login(employee)
    audit.record(actor, "person.left_service_undone", employee, employee=employee)
    return employee


def _sync_login(employee: Employee) -> None:
    """A login works while its person is in service."""
    user = employee.user
    if user is None:
        return
    active = employee.is_in_service(timezone.localdate())
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
