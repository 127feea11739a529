"""State changes for organisations and people. Views and imports call these; nothing else writes."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from koers.organisations.models import OPTIONAL_FIELD_GROUPS, Employee, Organisation

ALL_OPTIONAL_FIELDS = frozenset(f for fields in OPTIONAL_FIELD_GROUPS.values() for f in fields)


def _drop_unkept_fields(organisation: Organisation, values: dict[str, Any]) -> dict[str, Any]:
    """Data minimisation: personal fields the organisation does not keep are never stored."""
    kept = set(organisation.kept_optional_fields())
    return {k: v for k, v in values.items() if k not in ALL_OPTIONAL_FIELDS or k in kept}


@transaction.atomic
def create_employee(organisation: Organisation, **values: Any) -> Employee:
    """001 POP form, employee block: a new person in the organisation."""
    employee = Employee(organisation=organisation, **_drop_unkept_fields(organisation, values))
    employee.full_clean()
    employee.save()
    return employee


@transaction.atomic
def update_employee(employee: Employee, **values: Any) -> Employee:
    for name, value in _drop_unkept_fields(employee.organisation, values).items():
        setattr(employee, name, value)
    employee.full_clean()
    employee.save()
    _sync_login(employee)
    return employee


@transaction.atomic
def mark_left_service(employee: Employee, on: datetime.date) -> Employee:
    """People are never deleted from the UI: leaving service ends the login, keeps the file
    (retention: two years after employment ends, per organisation)."""
    employee.left_service_on = on
    employee.save(update_fields=["left_service_on", "updated_at"])
    _sync_login(employee)
    return employee


@transaction.atomic
def reinstate(employee: Employee) -> Employee:
    """Undo 'uit dienst': the person is in service again."""
    employee.left_service_on = None
    employee.save(update_fields=["left_service_on", "updated_at"])
    _sync_login(employee)
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


@transaction.atomic
def update_organisation_settings(organisation: Organisation, **values: Any) -> Organisation:
    """Switching a personal field off erases what was kept of it (data minimisation)."""
    for name, value in values.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    organisation.save()
    dropped = [
        field
        for group, fields in OPTIONAL_FIELD_GROUPS.items()
        if not getattr(organisation, f"keeps_{group}")
        for field in fields
    ]
    if dropped:
        blank = {field: None if Employee._meta.get_field(field).null else "" for field in dropped}
        organisation.employees.update(**blank)
    return organisation
