"""State changes for organisations and people. Views and imports call these; nothing else writes."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connections, transaction
from django.utils import timezone

from koers.organisations import transfer
from koers.organisations.models import (
    OPTIONAL_FIELD_GROUPS,
    Employee,
    EmployeeImport,
    Organisation,
)

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


# --- employee import -----------------------------------------------------------------------


class ImportNotApplicable(Exception):
    """The import was applied before, or its check found errors."""


def _store_check(employee_import: EmployeeImport, check: transfer.ImportCheck) -> None:
    employee_import.file_errors = check.file_errors
    employee_import.report = [result.as_json() for result in check.results]
    employee_import.created_count = check.count(transfer.Action.NEW)
    employee_import.updated_count = check.count(transfer.Action.UPDATE)
    employee_import.unchanged_count = check.count(transfer.Action.UNCHANGED)
    employee_import.error_count = check.count(transfer.Action.ERROR) + len(check.file_errors)
    if check.has_errors:
        # A refused file is not kept: the report names the rows, the cells are dropped.
        employee_import.status = EmployeeImport.Status.FAILED
        employee_import.rows = []


@transaction.atomic
def check_employee_import(
    organisation: Organisation,
    user: Any,
    filename: str,
    fields: list[str],
    rows: list[dict[str, Any]],
) -> EmployeeImport:
    """Employee import, step 1 (dry run): store the rows and what applying them would do."""
    employee_import = EmployeeImport(
        organisation=organisation,
        created_by=user,
        filename=filename[:255],
        columns=fields,
        rows=rows,
    )
    _store_check(employee_import, transfer.check_import(organisation, fields, rows))
    employee_import.save()
    return employee_import


@transaction.atomic
def apply_import(employee_import: EmployeeImport) -> EmployeeImport:
    """Employee import, step 2 (confirm): re-check against the database as it is now, then
    write every row in one transaction, or none. An import is applied at most once."""
    locked = (
        EmployeeImport.objects.select_for_update()
        .select_related("organisation")
        .get(pk=employee_import.pk)
    )
    if not locked.can_apply:
        raise ImportNotApplicable
    organisation = locked.organisation
    context = transfer.ImportContext.load(organisation)
    check = transfer.check_import(organisation, locked.columns, locked.rows, context)
    _store_check(locked, check)
    if not check.has_errors:
        _write_rows(organisation, check, context)
        locked.status = EmployeeImport.Status.APPLIED
        locked.applied_at = timezone.now()
        locked.rows = []
    locked.save()
    return locked


def _write_rows(
    organisation: Organisation, check: transfer.ImportCheck, context: transfer.ImportContext
) -> None:
    """Set-based: bulk inserts for new people, one prepared update for the changed ones."""
    now = timezone.now()
    created = [
        Employee(organisation=organisation, **_drop_unkept_fields(organisation, result.values))
        for result in check.results
        if result.action == transfer.Action.NEW
    ]
    changed: list[Employee] = []
    changed_fields: dict[str, None] = {}
    for result in check.results:
        if result.action != transfer.Action.UPDATE:
            continue
        employee = context.employees[result.values["personnel_number"]]
        for name, value in _drop_unkept_fields(organisation, result.values).items():
            setattr(employee, name, value)
        employee.updated_at = now
        changed.append(employee)
        changed_fields.update(dict.fromkeys(result.changed_fields))
    Employee.objects.bulk_create(created, batch_size=500)
    if changed:
        names = list(_drop_unkept_fields(organisation, changed_fields))
        _update_employees(changed, [*names, "updated_at"])
    if "left_service_on" in changed_fields:
        _sync_logins(changed)


def _update_employees(employees: list[Employee], names: list[str]) -> None:
    """One UPDATE statement run for every row (executemany). Django's bulk_update builds a
    CASE expression per cell, which takes 20 seconds for 10,000 rows (bench/results)."""
    connection = connections[Employee.objects.db]
    quote = connection.ops.quote_name
    fields = [Employee._meta.get_field(name) for name in names]
    pk = Employee._meta.pk
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    # Table and column names come from the model; every value is a parameter.
    table, where = quote(Employee._meta.db_table), f"{quote(pk.column)} = %s"
    sql = f"UPDATE {table} SET {assignments} WHERE {where}"  # noqa: S608
    params = [
        [f.get_db_prep_save(getattr(e, f.attname), connection) for f in fields] + [e.pk]
        for e in employees
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _sync_logins(employees: list[Employee]) -> None:
    """As _sync_login, for many people at once: a login works while its person is in service."""
    from django.contrib.auth import get_user_model

    today = timezone.localdate()
    with_login = [e for e in employees if e.user_id]
    active = [e.user_id for e in with_login if e.is_in_service(today)]
    inactive = [e.user_id for e in with_login if not e.is_in_service(today)]
    users = get_user_model().objects
    if active:
        users.filter(pk__in=active, is_active=False).update(is_active=True)
    if inactive:
        users.filter(pk__in=inactive, is_active=True).update(is_active=False)
