"""The POP on paper: its PDF as it stands (or its current signed version, for HR) and a blank
POP to prepare the talk with (001)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse

from koers.access.views import requires_role
from koers.lib.pdf import pdf_response, render_pdf
from koers.organisations.models import Role
from koers.plans import actions
from koers.plans import document as plan_document
from koers.plans.document import blank_document, with_dates
from koers.plans.signed import PlanDocument
from koers.plans.views import _plan
from koers.signing.sealing import check_version


def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """001: the POP form as it is now; parafen when the newest version is signed. A version
    waiting for signatures prints as frozen, with lines to sign on paper. HR gets the
    current signed version (the personnel file)."""
    plan = _plan(request, pk)
    document = PlanDocument(plan)
    newest = document.latest
    latest = newest
    if document.reads_signed_only(request.actor):
        latest = document.current_signed()
        if latest is None:
            raise Http404
    if latest is not None and latest.snapshot is not None and not latest.is_signed:
        snapshot, version, is_concept = latest.snapshot, latest, True
    elif latest is not None and latest.is_signed and latest.pk != newest.pk:
        snapshot, version, is_concept = latest.snapshot, latest, False
    else:
        version = latest if latest is not None and latest.is_signed else None
        snapshot, is_concept = plan_document.plan_document(plan), version is None
    verification = check_version(request.actor, version)
    actions.record_download(request.actor, plan)
    return plan_document.render(
        request,
        plan,
        snapshot,
        version,
        verification,
        is_concept=is_concept,
        number=latest.number if latest else 1,
    )


@requires_role(Role.EMPLOYEE)
def plan_blank_pdf(request: HttpRequest) -> HttpResponse:
    """001 step 2: a blank POP as an aid to prepare the talk, with my own details filled in."""
    context = {
        "doc": with_dates(blank_document(request.actor.employee)),
        "version": None,
        "blank": True,
        "blank_lines": range(3),
        "employee_lines": True,
        "manager_lines": True,
        "version_number": 1,
    }
    pdf = render_pdf("plans/plan_pdf.html", context, request)
    return pdf_response(pdf, "leeg-pop.pdf")
