"""Departments and teams (org admin), roles (org admin) and logins (HR and org admin)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.access.once import token_of
from koers.access.views import get_visible_or_404, requires_role, visible
from koers.lib import concurrency
from koers.lib.errors import Refused
from koers.organisations.actions import logins, structure
from koers.organisations.forms_structure import (
    DepartmentForm,
    GrantLoginForm,
    RolesForm,
    TeamForm,
)
from koers.organisations.models import Department, Employee, Role, Team


@requires_role(Role.ORG_ADMIN)
def team_list(request: HttpRequest) -> HttpResponse:
    teams = (
        visible(Team, request.actor)
        .annotate(
            member_count=Count(
                "members",
                filter=Q(members__left_service_on__isnull=True),
                distinct=True,
            )
        )
        .prefetch_related(Prefetch("managers", queryset=Employee.objects.order_by("last_name")))
        .order_by("name")
    )
    departments = visible(Department, request.actor).prefetch_related(
        Prefetch("teams", queryset=teams)
    )
    form = DepartmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            structure.add_department(
                request.actor,
                request.actor.organisation,
                form.cleaned_data["name"],
                token=token_of(form),
            )
        except Refused as refusal:
            form.add_error("name", refusal.message)
        else:
            messages.success(request, _("De afdeling is toegevoegd."))
            return redirect("team-list")
    return render(
        request, "organisations/team_list.html", {"departments": departments, "form": form}
    )


@requires_role(Role.ORG_ADMIN)
def team_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    organisation = request.actor.organisation
    team = get_visible_or_404(Team, request.actor, pk=pk) if pk else None
    initial = (
        {"name": team.name, "department": team.department, "managers": team.managers.all()}
        if team
        else {}
    )
    form = TeamForm(
        request.POST or None,
        initial=initial,
        organisation=organisation,
        revision=concurrency.token_of(team),
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            fields = {
                "department": form.cleaned_data["department"],
                "name": form.cleaned_data["name"],
                "managers": list(form.cleaned_data["managers"]),
            }
            if team is None:
                structure.add_team(request.actor, organisation, token=token_of(form), **fields)
            else:
                structure.edit_team(
                    request.actor, team, expected_revision=form.expected_revision, **fields
                )
        except concurrency.StaleEdit as stale:
            conflict = concurrency.conflict(stale, fields, form=form, posted=request.POST)
            concurrency.with_revision(form, conflict.revision)
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Het team is opgeslagen."))
            return redirect("team-list")
    return render(
        request,
        "organisations/team_form.html",
        {"form": form, "team": team, "conflict": conflict},
        status=409 if conflict else 200,
    )


@requires_role(Role.ORG_ADMIN)
def team_delete(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_visible_or_404(Team, request.actor, pk=pk)
    error = None
    if request.method == "POST":
        try:
            structure.delete_team(request.actor, team)
        except Refused as refusal:
            error = refusal.message
        else:
            messages.success(request, _("Het team is verwijderd."))
            return redirect("team-list")
    return render(
        request,
        "organisations/team_delete.html",
        {"team": team, "member_count": team.members.count(), "error": error},
    )


@requires_role(Role.HR, Role.ORG_ADMIN)
def person_access(request: HttpRequest, pk: int) -> HttpResponse:
    """Login and roles of one person."""
    person = get_visible_or_404(Employee.objects.select_related("user"), request.actor, pk=pk)
    suggested = (person.email.split("@")[0] if person.email else person.personnel_number).lower()
    login_form = GrantLoginForm(
        request.POST if request.POST.get("action") == "grant" else None,
        employee=person,
        initial={"username": suggested},
    )
    roles_form = RolesForm(
        request.POST if request.POST.get("action") == "roles" else None,
        initial={"is_hr": person.is_hr, "is_org_admin": person.is_org_admin},
    )
    can_set_roles = request.actor.has_role(Role.ORG_ADMIN)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "grant" and login_form.is_valid():
                logins.grant_login(
                    request.actor,
                    person,
                    login_form.cleaned_data["username"],
                    password=login_form.cleaned_data["password"] or None,
                    base_url=request.build_absolute_uri("/"),
                )
                messages.success(request, _("De login is gemaakt."))
                return redirect("person-access", pk=person.pk)
            if action == "roles" and can_set_roles and roles_form.is_valid():
                logins.set_roles(request.actor, person, **roles_form.cleaned_data)
                messages.success(request, _("De rollen zijn opgeslagen."))
                return redirect("person-access", pk=person.pk)
            if action == "revoke":
                logins.stop_login(request.actor, person)
                messages.success(request, _("De login werkt niet meer."))
                return redirect("person-access", pk=person.pk)
            if action == "restore":
                logins.restore_login(request.actor, person)
                messages.success(request, _("De login werkt weer."))
                return redirect("person-access", pk=person.pk)
        except Refused as refusal:
            target = roles_form if action == "roles" else login_form
            target.add_error(None, refusal.message)
    return render(
        request,
        "organisations/person_access.html",
        {
            "person": person,
            "login_form": login_form,
            "roles_form": roles_form,
            "can_set_roles": can_set_roles,
        },
    )


@require_POST
@requires_role(Role.ORG_ADMIN)
def department_delete(request: HttpRequest, pk: int) -> HttpResponse:
    department = get_visible_or_404(Department, request.actor, pk=pk)
    try:
        structure.delete_department(request.actor, department)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("De afdeling is verwijderd."))
    return redirect("team-list")
