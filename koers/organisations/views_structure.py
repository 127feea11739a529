"""Departments and teams (org admin), roles (org admin) and logins (HR and org admin)."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.access import policy
from koers.access.once import token_of
from koers.access.views import get_visible_or_404, requires_role, visible
from koers.lib import concurrency
from koers.lib.errors import Refused
from koers.lib.pdf import pdf_response, render_pdf
from koers.organisations import activations
from koers.organisations.actions import logins, structure
from koers.organisations.forms_structure import (
    DepartmentForm,
    GrantLoginForm,
    RolesForm,
    TeamForm,
)
from koers.organisations.models import Activation, Department, Employee, Role, Team


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
    """Login and roles of one person. HR never sets or sees a password (issue 10): a login is
    activated by the person, with a link by e-mail or the activation letter."""
    person = get_visible_or_404(Employee.objects.select_related("user"), request.actor, pk=pk)
    suggested = (person.email.split("@")[0] if person.email else person.personnel_number).lower()
    action = request.POST.get("action")
    login_form = GrantLoginForm(
        request.POST if action == "grant" else None, initial={"username": suggested}
    )
    roles_form = RolesForm(
        request.POST if action == "roles" else None,
        initial={"is_hr": person.is_hr, "is_org_admin": person.is_org_admin},
        of_values=True,
    )
    conflict = None
    can_set_roles = request.actor.has_role(Role.ORG_ADMIN)
    base_url = activations.base_url_for(request.build_absolute_uri("/"))
    error = None
    if request.method == "POST":
        try:
            if action == "grant" and login_form.is_valid():
                logins.grant_login(
                    request.actor, person, login_form.cleaned_data["username"], base_url=base_url
                )
                if person.email:
                    messages.success(
                        request,
                        _("De login is gemaakt. De medewerker krijgt een e-mail met een link."),
                    )
                else:
                    messages.success(
                        request,
                        _(
                            "De login is gemaakt. Maak nu de activeringsbrief en geef die aan "
                            "de medewerker."
                        ),
                    )
                return redirect("person-access", pk=person.pk)
            if action == "send_link":
                logins.send_activation_link(request.actor, person, base_url=base_url)
                messages.success(
                    request, _("Er is een nieuwe link gestuurd. De vorige werkt niet meer.")
                )
                return redirect("person-access", pk=person.pk)
            if action == "reset":
                logins.reset_access(request.actor, person, base_url=base_url)
                if person.email:
                    messages.success(
                        request,
                        _(
                            "Het oude wachtwoord werkt niet meer. De medewerker krijgt een "
                            "e-mail met een link."
                        ),
                    )
                else:
                    messages.success(
                        request,
                        _(
                            "Het oude wachtwoord werkt niet meer. Maak nu een nieuwe "
                            "activeringsbrief."
                        ),
                    )
                return redirect("person-access", pk=person.pk)
            if action == "roles" and can_set_roles and roles_form.is_valid():
                logins.set_roles(
                    request.actor,
                    person,
                    **roles_form.cleaned_data,
                    expected_revision=roles_form.expected_revision,
                )
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
        except concurrency.StaleEdit as stale:
            conflict = concurrency.conflict_on(roles_form, stale, request.POST)
        except Refused as refusal:
            if action == "roles":
                roles_form.add_error(None, refusal.message)
            elif action == "grant":
                login_form.add_error(None, refusal.message)
            else:
                error = refusal.message
    return render(
        request,
        "organisations/person_access.html",
        {
            "person": person,
            "login_form": login_form,
            "roles_form": roles_form,
            "can_set_roles": can_set_roles,
            "error": error,
            "activation": visible(Activation, request.actor).filter(employee=person).first(),
            "has_password": bool(person.user and person.user.has_usable_password()),
            "can_manage_access": policy.allows(request.actor, "grant_login", person),
            "can_stop_login": policy.allows(request.actor, "stop_login", person)
            and person.pk != request.actor.employee_id,
            "conflict": conflict,
        },
        status=409 if conflict else 200,
    )


@require_POST
@requires_role(Role.HR, Role.ORG_ADMIN)
def person_activation_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue 10: the printable activation letter. A POST, because each letter makes a new code
    and voids the one before: the code is in this PDF only, never on a page, never stored."""
    person = get_visible_or_404(
        Employee.objects.select_related("user", "organisation", "team"), request.actor, pk=pk
    )
    try:
        issued = logins.issue_letter(request.actor, person)
    except Refused as refusal:
        messages.error(request, refusal.message)
        return redirect("person-access", pk=person.pk)
    url = issued.url(request.build_absolute_uri("/"))
    context = {
        "employee": person,
        "organisation": person.organisation,
        "username": person.user.username,
        "code": issued.grouped_code,
        "url": activations.absolute(request.build_absolute_uri("/"), reverse("activate")),
        "qr": segno.make(url, error="m").svg_data_uri(dark="#000", scale=4),
        "until": activations.expiry_date(issued.activation),
        "today": timezone.localdate(),
        "show_address": person.organisation.keeps_address and bool(person.street),
    }
    with translation.override(getattr(person.user, "language", "") or None):
        pdf = render_pdf("organisations/activation_letter.html", context, request=request)
    response = pdf_response(pdf, f"activeringsbrief-{person.personnel_number}.pdf")
    response["Cache-Control"] = "no-store"
    return response


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
