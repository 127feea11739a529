"""People pages (HR and org admin) and the organisation's settings (org admin)."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.access import once, policy
from koers.access.views import get_visible_or_404, requires_role
from koers.lib import concurrency
from koers.lib.errors import Refused
from koers.organisations import team_filter
from koers.organisations.actions import people
from koers.organisations.forms import (
    EmployeeForm,
    LeaveServiceForm,
    NewEmployeeForm,
    OrganisationSettingsForm,
    PeopleFilterForm,
    WorkingDaysForm,
)
from koers.organisations.models import Employee, Role
from koers.organisations.queries import ERASED_SOON_DAYS, people_for

PEOPLE_ROLES = (Role.HR, Role.ORG_ADMIN)


@requires_role(*PEOPLE_ROLES)
def people_list(request: HttpRequest) -> HttpResponse:
    organisation = request.actor.organisation
    form = PeopleFilterForm(request.GET or None, organisation=organisation)
    filters = form.cleaned_data if form.is_valid() else {}
    people = people_for(request.actor, filters)
    page = Paginator(people, settings.KOERS_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "erased_soon_by": timezone.localdate() + datetime.timedelta(days=ERASED_SOON_DAYS),
    }
    if request.htmx and request.htmx.target == "people-results":
        return render(request, "organisations/_people_results.html", context)
    return render(request, "organisations/people_list.html", context)


@requires_role(*PEOPLE_ROLES)
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_visible_or_404(
        Employee.objects.select_related("team__department", "user", "organisation").filter(
            erased_at__isnull=True
        ),
        request.actor,
        pk=pk,
    )
    people.record_read(request.actor, person)
    return render(
        request,
        "organisations/person_detail.html",
        {
            "person": person,
            "personal_fields": person.kept_personal_values(),
            "in_service": person.is_in_service(),
            # HR makes "Alles over mij" for a person who asks for it (koers.privacy).
            "can_export": policy.allows(request.actor, "export_file_on_request", person),
        },
    )


@requires_role(*PEOPLE_ROLES)
def person_create(request: HttpRequest) -> HttpResponse:
    organisation = request.actor.organisation
    # The same form again (a double click): the person the first made, before the form
    # would say that personnel number is taken (by that very person).
    made = once.earlier(request.actor, request.POST.get(once.TOKEN_FIELD, ""), Employee)
    if made is not None:
        return redirect("person-detail", pk=made.pk)
    form = NewEmployeeForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        token = values.pop(once.TOKEN_FIELD, "")
        try:
            person = people.add_person(request.actor, organisation, token=token, **values)
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("%(name)s is toegevoegd.") % {"name": person.full_name})
            return redirect("person-detail", pk=person.pk)
    return render(request, "organisations/person_form.html", {"form": form, "person": None})


@requires_role(*PEOPLE_ROLES)
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_visible_or_404(Employee, request.actor, pk=pk)
    form = EmployeeForm(request.POST or None, instance=person, organisation=person.organisation)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            people.edit_person(
                request.actor, person, expected_revision=form.expected_revision, **form.cleaned_data
            )
        except concurrency.StaleEdit as stale:
            conflict = concurrency.conflict_on(form, stale, request.POST)
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("De gegevens zijn opgeslagen."))
            return redirect("person-detail", pk=person.pk)
    return render(
        request,
        "organisations/person_form.html",
        {"form": form, "person": person, "conflict": conflict},
        status=409 if conflict else 200,
    )


@requires_role(*PEOPLE_ROLES)
def person_leave(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then mark as left service: never a hard delete from the UI."""
    person = get_visible_or_404(Employee, request.actor, pk=pk)
    form = LeaveServiceForm(request.POST or None, initial={"left_service_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        people.mark_left_service(request.actor, person, form.cleaned_data["left_service_on"])
        messages.success(
            request,
            _("%(name)s staat nu als uit dienst per %(date)s.")
            % {
                "name": person.full_name,
                "date": form.cleaned_data["left_service_on"].strftime("%d-%m-%Y"),
            },
        )
        return redirect("person-detail", pk=person.pk)
    return render(request, "organisations/person_leave.html", {"form": form, "person": person})


@require_POST
@requires_role(*PEOPLE_ROLES)
def person_reinstate(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_visible_or_404(Employee, request.actor, pk=pk)
    people.undo_left_service(request.actor, person)
    messages.success(request, _("%(name)s is weer in dienst.") % {"name": person.full_name})
    return redirect("person-detail", pk=person.pk)


def _organisation_form(
    request: HttpRequest,
    form_class: type,
    change: Callable[..., object],
    *,
    template: str,
    saved: str,
    url_name: str,
) -> HttpResponse:
    """One form on the organisation's own row (its settings, its working days): the form's
    token against the organisation's revision, the conflict box when someone saved first."""
    organisation = request.actor.organisation
    form = form_class(request.POST or None, instance=organisation)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            change(
                request.actor,
                organisation,
                expected_revision=form.expected_revision,
                **form.cleaned_data,
            )
        except concurrency.StaleEdit as stale:
            conflict = concurrency.conflict_on(form, stale, request.POST)
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, saved)
            return redirect(url_name)
    return render(
        request, template, {"form": form, "conflict": conflict}, status=409 if conflict else 200
    )


@requires_role(Role.ORG_ADMIN)
def organisation_settings(request: HttpRequest) -> HttpResponse:
    return _organisation_form(
        request,
        OrganisationSettingsForm,
        people.change_settings,
        template="organisations/organisation_settings.html",
        saved=_("De instellingen zijn opgeslagen."),
        url_name="organisation-settings",
    )


@requires_role(*PEOPLE_ROLES)
def working_days(request: HttpRequest) -> HttpResponse:
    """Issue 11 item 7: working hours and closed days, for HR and the org admin."""
    return _organisation_form(
        request,
        WorkingDaysForm,
        people.change_working_days,
        template="organisations/working_days.html",
        saved=_("De werktijden en gesloten dagen zijn opgeslagen."),
        url_name="organisation-working-days",
    )


@requires_role(*PEOPLE_ROLES)
def team_suggestions(request: HttpRequest) -> HttpResponse:
    """Issue 18: the team filter's suggestions while typing (htmx fills its <datalist>)."""
    names = team_filter.suggestions(request.actor.organisation, request.GET.get("team", "")[:200])
    return render(request, "organisations/_team_suggestions.html", {"names": names})
