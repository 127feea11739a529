"""Employee import (upload → dry-run report → confirm) and export, for HR and org admin."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.access.views import get_visible_or_404, requires_role
from koers.lib import tabular
from koers.lib.errors import Refused
from koers.lib.tabular import Table
from koers.organisations import exporting, importing
from koers.organisations.actions import transfers
from koers.organisations.forms import EmployeeImportForm, PeopleFilterForm
from koers.organisations.models import EmployeeImport, Role
from koers.organisations.queries import people_for

TRANSFER_ROLES = (Role.HR, Role.ORG_ADMIN)
# Rows listed per page of the report; errors are always all listed, above the pages.
REPORT_PAGE_SIZE = 100


@requires_role(*TRANSFER_ROLES)
def people_import(request: HttpRequest) -> HttpResponse:
    organisation = request.actor.organisation
    form = EmployeeImportForm(
        request.POST or None, request.FILES or None, organisation=organisation
    )
    if request.method == "POST" and form.is_valid():
        employee_import = transfers.check_import(
            request.actor,
            organisation,
            form.cleaned_data["file"].name,
            form.fields_in_file,
            form.rows,
        )
        return redirect("people-import-report", pk=employee_import.pk)
    columns = [
        {"column": column, "hint": importing.column_hint(column)}
        for column in importing.columns_for(organisation)
    ]
    recent = (
        EmployeeImport.objects.visible_to(request.actor)
        .select_related("created_by")
        .defer("rows", "report", "columns", "file_errors")[:10]
    )
    return render(
        request,
        "organisations/people_import.html",
        {"form": form, "columns": columns, "recent": recent},
    )


@requires_role(*TRANSFER_ROLES)
def people_import_report(request: HttpRequest, pk: int) -> HttpResponse:
    employee_import = get_visible_or_404(
        EmployeeImport.objects.select_related("created_by"), request.actor, pk=pk
    )
    report = employee_import.report
    errors = [row for row in report if row["action"] == importing.Action.ERROR]
    others = [row for row in report if row["action"] != importing.Action.ERROR]
    page = Paginator(others, REPORT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "organisations/people_import_report.html",
        {"import": employee_import, "errors": errors, "page": page, "query": ""},
    )


@require_POST
@requires_role(*TRANSFER_ROLES)
def people_import_apply(request: HttpRequest, pk: int) -> HttpResponse:
    employee_import = get_visible_or_404(
        EmployeeImport.objects.defer("rows", "report"), request.actor, pk=pk
    )
    try:
        employee_import = transfers.apply_import(request.actor, employee_import)
    except Refused as refusal:
        messages.error(request, refusal.message)
        return redirect("people-import-report", pk=employee_import.pk)
    if employee_import.status != EmployeeImport.Status.APPLIED:
        messages.error(
            request,
            _(
                "Er is niets geïmporteerd: sinds de controle is er iets veranderd. "
                "Bekijk de fouten hieronder."
            ),
        )
        return redirect("people-import-report", pk=employee_import.pk)
    messages.success(
        request,
        _("De import is uitgevoerd: %(created)s nieuw, %(updated)s bijgewerkt.")
        % {"created": employee_import.created_count, "updated": employee_import.updated_count},
    )
    return redirect("people-list")


def _export(request: HttpRequest) -> tuple[str, Table]:
    """Filename stem and table of the people list with its current filters.

    ``?template=1`` gives the headers only: the empty file offered on the import page.
    Otherwise the export is recorded (``people.exported``, listing the people in it)."""
    actor = request.actor
    organisation = actor.organisation
    stem = f"medewerkers-{organisation.slug}-{timezone.localdate():%Y-%m-%d}"
    if request.GET.get("template"):
        return f"sjabloon-{stem}", exporting.export_table(organisation, [])
    form = PeopleFilterForm(request.GET or None, organisation=organisation)
    filters = form.cleaned_data if form.is_valid() else {}
    people = people_for(actor, filters)
    transfers.record_export(actor, organisation, people.values_list("pk", flat=True))
    return stem, exporting.export_table(organisation, people.iterator(chunk_size=2000))


@requires_role(*TRANSFER_ROLES)
def people_export_csv(request: HttpRequest) -> HttpResponse:
    stem, table = _export(request)
    return tabular.csv_response(table, stem)


@requires_role(*TRANSFER_ROLES)
def people_export_xlsx(request: HttpRequest) -> HttpResponse:
    stem, table = _export(request)
    return tabular.xlsx_response(table, stem)
