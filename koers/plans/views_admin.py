"""HR pages of the POP: the course catalogue, the training budget and the activity export."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.access.views import get_visible_or_404, requires_role, visible
from koers.lib import concurrency
from koers.organisations.models import Role
from koers.plans import actions, queries
from koers.plans.forms import BudgetForm, CourseForm, CourseSearchForm, PlanFilterForm, year_choice
from koers.plans.models import Course
from koers.signing.status import status_text

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- catalogue -----------------------------------------------------------------------------


@requires_role(Role.HR)
def course_list(request: HttpRequest) -> HttpResponse:
    form = CourseSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    courses = visible(Course, request.actor)
    if not filters.get("show_inactive"):
        courses = courses.filter(is_active=True)
    if filters.get("q"):
        courses = courses.search(filters["q"])
    page = Paginator(courses, settings.KOERS_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "plans/course_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@requires_role(Role.HR)
def course_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    course = get_visible_or_404(Course, request.actor, pk=pk) if pk else None
    form = CourseForm(request.POST or None, instance=course)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.save_course(
                request.actor, course, expected_revision=form.expected_revision, **form.cleaned_data
            )
        except concurrency.StaleEdit as stale:
            conflict = concurrency.conflict(
                stale, form.cleaned_data, form=form, posted=request.POST
            )
            concurrency.with_revision(form, conflict.revision)
        else:
            messages.success(request, _("%(name)s is opgeslagen.") % {"name": saved.name})
            return redirect("course-list")
    title = _("Cursus wijzigen") if course else _("Cursus toevoegen")
    return render(
        request,
        "plans/form.html",
        {"form": form, "plan": None, "title": title, "course": course, "conflict": conflict},
        status=409 if conflict else 200,
    )


@require_POST
@requires_role(Role.HR)
def course_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a course out of the catalogue (or back in); it is never deleted."""
    course = get_visible_or_404(Course, request.actor, pk=pk)
    actions.set_course_active(request.actor, course, not course.is_active)
    if course.is_active:
        messages.success(request, _("%(name)s staat weer in de catalogus.") % {"name": course.name})
    else:
        messages.success(
            request, _("%(name)s staat niet meer in de catalogus.") % {"name": course.name}
        )
    return redirect("course-list")


# --- budget --------------------------------------------------------------------------------


@requires_role(Role.HR)
def budget(request: HttpRequest) -> HttpResponse:
    """Planned (gepland, aangemeld) and spent (bezig, afgerond) cost against the budget."""
    organisation = request.actor.organisation
    year = year_choice(request.GET.get("year") or request.POST.get("year"))
    form = BudgetForm(request.POST or None, organisation=organisation, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actions.set_budget(request.actor, data["department"], data["year"], data["amount"])
        messages.success(request, _("Het budget is opgeslagen."))
        return redirect(f"{request.path}?year={data['year']}")
    rows = queries.budget_overview(request.actor, year)
    return render(
        request,
        "plans/budget.html",
        {"form": form, "rows": rows, "year": year, "years": range(year - 2, year + 3)},
    )


# --- export --------------------------------------------------------------------------------


def _export_rows(request: HttpRequest) -> tuple[str, list[str], Iterable[list[Any]]]:
    actor = request.actor
    form = PlanFilterForm(request.GET or None, organisation=actor.organisation)
    filters = form.cleaned_data if form.is_valid() else {}
    stem = f"pop-activiteiten-{actor.organisation.slug}-{timezone.localdate():%Y-%m-%d}"
    headers = [
        _("Personeelsnummer"),
        _("Naam"),
        _("Afdeling"),
        _("Team"),
        _("POP vanaf"),
        _("POP tot en met"),
        _("Status POP"),
        _("Soort aandachtspunt"),
        _("Aandachtspunt"),
        _("Soort activiteit"),
        _("Activiteit"),
        _("Instituut"),
        _("Cursusnr."),
        _("Kosten"),
        _("Gewenst vanaf"),
        _("Gewenst tot"),
        _("In werktijd"),
        _("Wie regelt het"),
        _("Voortgang"),
        _("Opmerkingen"),
    ]

    def rows() -> Iterable[list[Any]]:
        for activity in queries.activities_for_export(actor, filters).iterator(chunk_size=2000):
            point = activity.point
            plan = point.plan
            employee = plan.employee
            team = employee.team
            yield [
                employee.personnel_number,
                employee.full_name,
                team.department.name if team else "",
                team.name if team else "",
                plan.period_start,
                plan.period_end,
                status_text(activity.plan_state).label,
                str(point.get_category_display()),
                point.title,
                str(activity.get_kind_display()),
                activity.description,
                activity.institute,
                activity.course_number,
                activity.cost,
                activity.period_from,
                activity.period_to,
                _("ja") if activity.in_working_time else _("nee"),
                str(activity.get_owner_display()),
                str(activity.get_status_display()),
                activity.remarks,
            ]

    return stem, headers, rows()


@requires_role(Role.HR)
def export_csv(request: HttpRequest) -> HttpResponse:
    """All activities for the training administration (CSV, semicolons as Dutch Excel)."""
    stem, headers, rows = _export_rows(request)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(
            [
                f"{value:.2f}".replace(".", ",") if hasattr(value, "quantize") else value
                for value in row
            ]
        )
    response = HttpResponse(buffer.getvalue(), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
    return response


@requires_role(Role.HR)
def export_xlsx(request: HttpRequest) -> HttpResponse:
    from openpyxl import Workbook

    stem, headers, rows = _export_rows(request)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Activiteiten"))
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
    return response
