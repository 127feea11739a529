"""The works-council page: what Koers keeps about the organisation's people (issue 16)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from koers.organisations.models import Organisation
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
