""" "Mijn gegevens" and "klopt niet" (AVG art. 16): the person sees what the record says and
asks HR to correct a field; HR answers each request."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from koers.access.roles import Role
from koers.access.views import get_visible_or_404, requires_role, visible
from koers.lib.errors import Refused
from koers.organisations.models import Employee
from koers.privacy import actions
from koers.privacy.choices import OTHER, CorrectableField, CorrectionStatus, shown_fields
from koers.privacy.forms import AnswerForm, CorrectionForm
from koers.privacy.models import CorrectionRequest


def value_of(employee: Employee, name: str) -> str:
    """A field of the record as the person reads it ("–" when empty)."""
    if name == OTHER:
        return ""
    display = getattr(employee, f"get_{name}_display", None)
    value = display() if display and getattr(employee, name) else getattr(employee, name)
    if isinstance(value, datetime.date):
        return formats.date_format(value, "j F Y")
    if value in (None, ""):
        return "–"
    return str(formats.localize(value))


def _me(request: HttpRequest) -> Employee:
    if request.actor.employee_id is None:
        raise Http404
    return Employee.objects.select_related("organisation").get(pk=request.actor.employee_id)


def my_data(request: HttpRequest) -> HttpResponse:
    """Mijn gegevens: every field of the record the organisation keeps, each with "klopt
    niet?", and the requests made so far with HR's answer."""
    me = _me(request)
    fields = [
        (name, CorrectableField(name).label, value_of(me, name))
        for name in shown_fields(me.organisation)
    ]
    requests = visible(CorrectionRequest, request.actor).filter(employee=me)
    open_fields = {r.field for r in requests if r.status == CorrectionStatus.OPEN}
    return render(
        request,
        "privacy/my_data.html",
        {
            "me": me,
            "fields": fields,
            "asked": requests.select_related("handled_by"),
            "open_fields": open_fields,
            "other": OTHER,
        },
    )


@require_http_methods(["GET", "POST"])
def correct(request: HttpRequest, field: str) -> HttpResponse:
    """Klopt niet: what should it be? It goes to HR (a notice) and shows on Mijn gegevens."""
    me = _me(request)
    if field != OTHER and field not in shown_fields(me.organisation):
        raise Http404
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.request_correction(
                request.actor, me, field=field, proposed=form.cleaned_data["proposed"]
            )
        except Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("Uw verzoek is naar HR gestuurd."))
            return redirect("privacy-mine")
    return render(
        request,
        "privacy/correct.html",
        {
            "form": form,
            "field": field,
            "label": CorrectableField(field).label,
            "current": value_of(me, field),
            "other": OTHER,
        },
    )


@requires_role(Role.HR)
def correction_list(request: HttpRequest) -> HttpResponse:
    """HR: the requests of the organisation, the open ones first (``?stand=alle``: all)."""
    show_all = request.GET.get("stand") == "alle"
    found = visible(CorrectionRequest, request.actor).select_related("employee")
    if not show_all:
        found = found.open()
    page = Paginator(found, settings.KOERS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "privacy/correction_list.html",
        {"page": page, "show_all": show_all, "query": "stand=alle" if show_all else ""},
    )


@requires_role(Role.HR)
@require_http_methods(["GET", "POST"])
def correction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """HR answers one request: corrected (after changing the record) or not, and why."""
    found = get_visible_or_404(
        CorrectionRequest.objects.select_related("employee", "handled_by"), request.actor, pk=pk
    )
    form = AnswerForm(request.POST or None) if found.status == CorrectionStatus.OPEN else None
    if request.method == "POST":
        if form is None:
            messages.error(request, _("Dit verzoek is al afgehandeld."))
            return redirect("privacy-correction", pk=found.pk)
        if form.is_valid():
            try:
                actions.handle_correction(
                    request.actor,
                    found,
                    corrected=form.cleaned_data["outcome"] == CorrectionStatus.CORRECTED,
                    answer=form.cleaned_data["answer"],
                )
            except Refused as refused:
                messages.error(request, refused.message)
                return redirect("privacy-correction", pk=found.pk)
            messages.success(
                request, _("Het verzoek is afgehandeld; de medewerker krijgt bericht.")
            )
            return redirect("privacy-corrections")
    context: dict[str, Any] = {
        "found": found,
        "form": form,
        "label": CorrectableField(found.field).label,
        "current": value_of(found.employee, found.field),
        "other": OTHER,
    }
    return render(request, "privacy/correction_detail.html", context)
