"""The dossier log: the events of my own file, newest first, in my language."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from koers.access.views import visible
from koers.audit.models import AuditEvent


def dossier_log(request: HttpRequest) -> HttpResponse:
    """Who sees what: the person whose file it is sees who read or changed it, and when."""
    actor = request.actor  # type: ignore[attr-defined]
    events = (
        visible(AuditEvent, actor).of_file(actor.employee_id).select_related("actor")
        if actor.employee_id
        else AuditEvent.objects.none()
    )
    page = Paginator(events, settings.KOERS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/dossier_log.html", {"page": page, "query": ""})
