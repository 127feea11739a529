"""The dossier log: the events of my own file, newest first, in my language."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from koers.access.views import visible
from koers.audit import log, verbs
from koers.audit.models import AuditEvent

READS = "inzage"


def dossier_log(request: HttpRequest) -> HttpResponse:
    """Wie keek in mijn dossier? Who read or changed the file, per day, in plain words;
    ``?wat=inzage`` shows only who looked (opened, downloaded, printed, exported)."""
    actor = request.actor  # type: ignore[attr-defined]
    only_reads = request.GET.get("wat") == READS
    if actor.employee_id is None:
        events = AuditEvent.objects.none()
    else:
        events = visible(AuditEvent, actor).of_file(actor.employee_id).select_related("actor")
        if only_reads:
            events = events.filter(verb__in=sorted(verbs.read_codes()))
    page = Paginator(events, settings.KOERS_LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    days = log.days(page.object_list, actor.employee) if actor.employee_id else []
    return render(
        request,
        "audit/dossier_log.html",
        {
            "page": page,
            "days": days,
            "only_reads": only_reads,
            "query": f"wat={READS}" if only_reads else "",
        },
    )
