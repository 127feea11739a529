"""The works-council page: what Koers keeps about the organisation's people (issue 16)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from koers.access.roles import Role
from koers.access.views import get_visible_or_404, requires_role
from koers.organisations.models import Employee, Organisation
from koers.privacy import actions
from koers.privacy.export import export_file
from koers.privacy.works_council import READERS, page_for


def privacy_home(request: HttpRequest) -> HttpResponse:
    """``/privacy/``: the signed-in person's own organisation's page."""
    organisation = request.actor.organisation
    if organisation is None:
        raise Http404
    return redirect("privacy-page", slug=organisation.slug)


@login_not_required
def privacy_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Readable without signing in, so that the works council and anyone of the
    organisation can read and print it: it holds the configuration, never a person."""
    organisation = get_object_or_404(Organisation, slug=slug)
    return render(
        request,
        "privacy/works_council.html",
        {"page": page_for(organisation), "readers": READERS, "today": timezone.localdate()},
    )


@require_POST
def export_mine(request: HttpRequest) -> HttpResponse:
    """ "Alles over mij" (AVG art. 15): the signed-in person's whole file as one ZIP. A POST:
    it is recorded in their own log."""
    actor = request.actor
    if actor.employee_id is None:
        raise Http404
    employee = Employee.objects.select_related("organisation", "team__department").get(
        pk=actor.employee_id
    )
    return _zip(request, employee, "alles-over-mij")


@requires_role(Role.HR)
@require_POST
def export_person(request: HttpRequest, pk: int) -> HttpResponse:
    """HR makes the same ZIP for a person who asked for it (art. 15), with what HR may read;
    recorded in that person's log."""
    employee = get_visible_or_404(
        Employee.objects.select_related("organisation", "team__department").filter(
            erased_at__isnull=True
        ),
        request.actor,
        pk=pk,
    )
    return _zip(request, employee, f"alles-over-{slugify(employee.personnel_number)}")


def _zip(request: HttpRequest, employee: Employee, stem: str) -> HttpResponse:
    actor = request.actor
    archive = export_file(actor, employee, request)
    actions.record_export(actor, employee)
    response = HttpResponse(archive, content_type="application/zip")
    day = timezone.localdate().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="{stem}-{day}.zip"'
    return response
