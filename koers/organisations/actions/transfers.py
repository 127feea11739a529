"""Actions of the employee import (check = the dry run, then apply) and the record of an
export. Reading and checking the file is ``importing``; writing a file is ``exporting``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connections, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.access import policy
from koers.access.actor import Actor
from koers.lib.errors import Refused, register_messages
from koers.organisations import audit, importing
from koers.organisations.models import Employee, EmployeeImport, Organisation

# The login model (accounts sits above organisations: no import of it here).
User = get_user_model()

register_messages(
    {
        "import.applied_before": _("Deze import is al uitgevoerd."),
        "import.has_errors": _("Deze import bevat fouten en kan niet worden uitgevoerd."),
    }
)


@transaction.atomic
def check_import(
    actor: Actor,
    organisation: Organisation,
    filename: str,
    fields: list[str],
    rows: list[dict[str, Any]],
) -> EmployeeImport:
    """Employee import, step 1 (dry run): store the rows and what applying them would do."""
    policy.require(actor, "import_people", organisation)
    employee_import = EmployeeImport(
        organisation=organisation,
        created_by_id=actor.user_id,
        filename=filename[:255],
        columns=fields,
        rows=rows,
    )
    _store_check(employee_import, importing.check_import(organisation, fields, rows))
    employee_import.save()
    audit.record(
        actor,
        "people.import_checked",
        employee_import,
        created=employee_import.created_count,
        updated=employee_import.updated_count,
        errors=employee_import.error_count,
    )
    return employee_import


@transaction.atomic
def apply_import(actor: Actor, employee_import: EmployeeImport) -> EmployeeImport:
    """Employee import, step 2 (confirm): re-check against the database as it is now, then
    write every row in one transaction, or none. An import is applied at most once.

    A re-check that finds errors now stores them and returns the import unapplied."""
    policy.require(actor, "apply", employee_import)
    locked = (
        EmployeeImport.objects.select_for_update()
        .select_related("organisation")
        .get(pk=employee_import.pk)
    )
    if locked.status == EmployeeImport.Status.APPLIED:
        raise Refused("import.applied_before")
    if not locked.can_apply:
        raise Refused("import.has_errors")
    organisation = locked.organisation
    context = importing.ImportContext.load(organisation)
    check = importing.check_import(organisation, locked.columns, locked.rows, context)
    _store_check(locked, check)
    if not check.has_errors:
        _write_rows(organisation, check, context)
        locked.status = EmployeeImport.Status.APPLIED
        locked.applied_at = timezone.now()
        locked.rows = []
        audit.record(
            actor,
            "people.imported",
            locked,
            created=locked.created_count,
            updated=locked.updated_count,
        )
    else:
        audit.record(
            actor,
            "people.import_checked",
            locked,
            created=locked.created_count,
            updated=locked.updated_count,
            errors=locked.error_count,
        )
    locked.save()
    return locked


@transaction.atomic
def record_export(actor: Actor, organisation: Organisation, people: Iterable[int]) -> None:
    """An export of personal data is itself an event: who took whose data. One event lists
    everyone in the file, so each finds it in their dossier log."""
    policy.require(actor, "export_people", organisation)
    ids = set(people)
    audit.record(actor, "people.exported", organisation, people=ids, count=len(ids))


def _store_check(employee_import: EmployeeImport, check: importing.ImportCheck) -> None:
    employee_import.file_errors = check.file_errors
    employee_import.report = [result.as_json() for result in check.results]
    employee_import.created_count = check.count(importing.Action.NEW)
    employee_import.updated_count = check.count(importing.Action.UPDATE)
    employee_import.unchanged_count = check.count(importing.Action.UNCHANGED)
    employee_import.error_count = check.count(importing.Action.ERROR) + len(check.file_errors)
    if check.has_errors:
        # A refused file is not kept: the report names the rows, the cells are dropped.
        employee_import.status = EmployeeImport.Status.FAILED
        employee_import.rows = []


def _write_rows(
    organisation: Organisation, check: importing.ImportCheck, context: importing.ImportContext
) -> None:
    """Set-based: bulk inserts for new people, one prepared update for the changed ones."""
    now = timezone.now()
    created = [
        Employee(organisation=organisation, **organisation.only_kept(result.values))
        for result in check.results
        if result.action == importing.Action.NEW
    ]
    changed: list[Employee] = []
    changed_fields: dict[str, None] = {}
    for result in check.results:
        if result.action != importing.Action.UPDATE:
            continue
        employee = context.employees[result.values["personnel_number"]]
        for name, value in organisation.only_kept(result.values).items():
            setattr(employee, name, value)
        employee.updated_at = now
        changed.append(employee)
        changed_fields.update(dict.fromkeys(result.changed_fields))
    Employee.objects.bulk_create(created, batch_size=500)
    if changed:
        names = list(organisation.only_kept(changed_fields))
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
    """A login works while its person is in service (for many people at once)."""
    today = timezone.localdate()
    with_login = [e for e in employees if e.user_id]
    active = [e.user_id for e in with_login if e.is_in_service(today)]
    inactive = [e.user_id for e in with_login if not e.is_in_service(today)]
    if active:
        User.objects.filter(pk__in=active, is_active=False).update(is_active=True)
    if inactive:
        User.objects.filter(pk__in=inactive, is_active=True).update(is_active=False)
