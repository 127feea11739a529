"""HR pages of the POP: the course catalogue, the training budget and the activity export."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from koers.access.views import get_visible_or_404, requires_role, visible
from koers.lib import concurrency, tabular
from koers.lib.tabular import Table
from koers.organisations.models import Role
from koers.plans import actions, queries
from koers.plans.forms import BudgetForm, CourseForm, CourseSearchForm, PlanFilterForm, year_choice
from koers.plans.models import Course
from koers.signing.status import status_text

EXPORT_HEADINGS = [
    gettext_lazy("Personeelsnummer"),
    gettext_lazy("Naam"),
    gettext_lazy("Afdeling"),
    gettext_lazy("Team"),
    gettext_lazy("POP vanaf"),
    gettext_lazy("POP tot en met"),
    gettext_lazy("Status POP"),
    gettext_lazy("Soort aandachtspunt"),
    gettext_lazy("Aandachtspunt"),
    gettext_lazy("Soort activiteit"),
    gettext_lazy("Activiteit"),
    gettext_lazy("Instituut"),
    gettext_lazy("Cursusnr."),
    gettext_lazy("Kosten"),
    gettext_lazy("Gewenst vanaf"),
    gettext_lazy("Gewenst tot"),
    gettext_lazy("In werktijd"),
    gettext_lazy("Wie regelt het"),
    gettext_lazy("Voortgang"),
    gettext_lazy("Opmerkingen"),
]


# --- catalogue -----------------------------------------------------------------------------


@requires_role(Role.HR, Role.MANAGER)
def course_list(request: HttpRequest) -> HttpResponse:
    """HR keeps the catalogue; a manager reads it (prices and subsidy notes) while choosing a
    course for an activity. Only HR sees the courses taken out of it."""
    keeps = request.actor.has_role(Role.HR)
    form = CourseSearchForm(request.GET or None, keeps=keeps)
    filters = form.cleaned_data if form.is_valid() else {}
    courses = visible(Course, request.actor)
    if not (keeps and filters.get("show_inactive")):
        courses = courses.filter(is_active=True)
    if filters.get("q"):
        courses = courses.search(filters["q"])
    page = Paginator(courses, settings.KOERS_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "plans/course_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "keeps": keeps},
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
            conflict = concurrency.conflict_on(form, stale, request.POST)
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
    """Take a course out of the catalogue (or back in); it is never deleted. The button says
    which (``active``): two people pressing "uit de catalogus halen" at once both mean out,
    not out and back in."""
    course = get_visible_or_404(Course, request.actor, pk=pk)
    wanted = request.POST.get("active")
    if wanted not in ("0", "1"):
        messages.error(request, _("Kies of de cursus in de catalogus staat of niet."))
        return redirect("course-list")
    actions.set_course_active(request.actor, course, wanted == "1")
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
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.set_budget(
                request.actor,
                data["department"],
                data["year"],
                data["amount"],
                expected_revision=form.expected_revision,
            )
        except concurrency.StaleEdit as stale:
            mine = {"amount": data["amount"]}
            conflict = concurrency.conflict(stale, mine, form=form, posted=request.POST)
            concurrency.with_revision(form, conflict.revision)
        else:
            messages.success(request, _("Het budget is opgeslagen."))
            return redirect(f"{request.path}?year={data['year']}")
    rows = queries.budget_overview(request.actor, year)
    return render(
        request,
        "plans/budget.html",
        {
            "form": form,
            "rows": rows,
            "year": year,
            "years": range(year - 2, year + 3),
            "conflict": conflict,
        },
        status=409 if conflict else 200,
    )


# --- export --------------------------------------------------------------------------------


def _export(request: HttpRequest) -> tuple[str, Table]:
    """Filename stem and table of all activities the filters select, for the training
    administration; CSV and XLSX have the same columns (``koers.lib.tabular``)."""
    actor = request.actor
    form = PlanFilterForm(request.GET or None, organisation=actor.organisation)
    filters = form.cleaned_data if form.is_valid() else {}
    stem = f"pop-activiteiten-{actor.organisation.slug}-{timezone.localdate():%Y-%m-%d}"
    activities = queries.activities_for_export(actor, filters)
    # Everyone in the file, in one event (their dossier logs show it).
    actions.record_export(
        actor,
        actor.organisation,
        activities.order_by().values_list("point__plan__employee_id", flat=True).distinct(),
    )

    def rows() -> Iterable[list[Any]]:
        for activity in activities.iterator(chunk_size=2000):
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
                point.get_category_display(),
                point.title,
                activity.get_kind_display(),
                activity.description,
                activity.institute,
                activity.course_number,
                activity.cost,
                activity.period_from,
                activity.period_to,
                # ja / nee, or not decided yet (001 "wel/niet in werkcontract").
                _("nog niet bepaald")
                if activity.in_working_time is None
                else activity.in_working_time,
                activity.get_owner_display(),
                activity.get_status_display(),
                activity.remarks,
            ]

    return stem, Table(title=_("Activiteiten"), headings=EXPORT_HEADINGS, rows=rows())


@requires_role(Role.HR)
def export_csv(request: HttpRequest) -> HttpResponse:
    """All activities for the training administration (CSV, semicolons as Dutch Excel)."""
    stem, table = _export(request)
    return tabular.csv_response(table, stem)


@requires_role(Role.HR)
def export_xlsx(request: HttpRequest) -> HttpResponse:
    """The same table as XLSX, with real dates and amounts."""
    stem, table = _export(request)
    return tabular.xlsx_response(table, stem)
