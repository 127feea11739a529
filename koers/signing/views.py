"""The employee's own dossier log: who read or changed their plan or report, and when."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from koers.access.views import visible
from koers.signing.models import DossierEntry


def dossier_log(request: HttpRequest) -> HttpResponse:
    entries = visible(DossierEntry, request.actor).select_related("actor")
    page = Paginator(entries, settings.KOERS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "signing/dossier_log.html", {"page": page, "query": ""})
