"""The shared pages of every signed document.

One sign page, one page to enter a signature from paper, one list of versions and one download
of a version, for the POP and the conversation report alike. Each app's URL pattern passes the
document's kind (``{"kind": "pop"}``) and keeps its own URL and name; the document finds itself
(``load``: Http404 for who may not read it) and says who may sign.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.signing import documents, services
from koers.signing.forms import PaperSignatureForm, SignForm
from koers.signing.models import Choice, Party, VersionStatus
from koers.signing.pages import version_rows
from koers.signing.sealing import check_version


def sign(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """003: the employee reads and chooses (akkoord / voor gezien / correctie gevraagd), then
    the manager signs. Anyone else who may read the document does not sign it."""
    document = documents.kind(kind).load_for_signing(request.actor, pk)
    party = document.party_of(request.actor)
    if party is None:
        raise PermissionDenied
    version = document.version_to_sign()
    turn = document.my_turn(request.actor)
    form = SignForm(request.POST or None, party=party, wording=document.wording) if turn else None
    if request.method == "POST":
        if form is None:
            messages.error(request, _("U bent nu niet aan de beurt om te tekenen."))
            return redirect(document.url())
        if form.is_valid():
            choice = form.cleaned_data["choice"]
            try:
                document.sign(request.actor, choice, form.cleaned_data.get("remark", ""))
            except services.SigningRefused:
                messages.error(request, _("Tekenen lukte niet. Probeer het opnieuw."))
            else:
                if choice == Choice.CORRECTION:
                    messages.success(
                        request,
                        _("Dank u. Uw leidinggevende past %(document)s aan.")
                        % {"document": document.wording.the_document},
                    )
                else:
                    messages.success(request, _("Dank u. Uw keuze is vastgelegd."))
            return redirect(document.url())
    return render(
        request,
        "signing/sign.html",
        {
            "document": document,
            "version": version,
            "party": party,
            "turn": turn,
            "sign_form": form,
            "doc": document.display(version.snapshot) if version and version.snapshot else None,
            "print_url": document.version_pdf_url(version.number) if version else None,
            "verification": check_version(request.actor, version),
        },
    )


def sign_paper(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """003 on paper: the employee signed the printed version (no login, or they prefer paper);
    their current manager enters the date, the choice and the remark written on it."""
    document = documents.kind(kind).load_for_signing(request.actor, pk)
    if document.party_of(request.actor) != Party.MANAGER:
        raise PermissionDenied
    version = document.version_to_sign()
    waiting = version is not None and version.status == VersionStatus.TO_SIGN
    frozen_on = (
        timezone.localtime(version.frozen_at).date() if waiting and version.frozen_at else None
    )
    form = PaperSignatureForm(request.POST or None, frozen_on=frozen_on) if waiting else None
    if request.method == "POST" and form is None:
        messages.error(request, _("Er wacht geen versie op de handtekening van de medewerker."))
        return redirect(document.url())
    if request.method == "POST" and form.is_valid():
        choice = form.cleaned_data["choice"]
        try:
            document.record_paper_signature(
                request.actor,
                choice,
                form.cleaned_data.get("remark", ""),
                signed_on=form.cleaned_data["signed_on"],
            )
        except services.SigningRefused:
            messages.error(request, _("Dit lukte niet. Kijk of de versie nog wacht."))
        else:
            if choice == Choice.CORRECTION:
                messages.success(
                    request,
                    _("De handtekening op papier is ingevoerd. Pas %(document)s aan: versie %(n)s.")
                    % {"document": document.wording.the_document, "n": version.number + 1},
                )
            else:
                messages.success(
                    request, _("De handtekening op papier is ingevoerd. Teken nu zelf.")
                )
        return redirect(document.url())
    return render(
        request,
        "signing/paper.html",
        {
            "document": document,
            "version": version if waiting else None,
            "form": form,
            "doc": document.display(version.snapshot) if waiting else None,
            "print_url": document.version_pdf_url(version.number) if waiting else None,
            "verification": check_version(request.actor, version if waiting else None),
        },
    )


def versions(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Every version this reader may see, each checked, each downloadable as it was signed."""
    document = documents.kind(kind).load(request.actor, pk)
    document.log_versions_read(request.actor)
    return render(
        request,
        "signing/versions.html",
        {"document": document, "versions": version_rows(document, request.actor)},
    )


def version_pdf(request: HttpRequest, kind: str, pk: int, number: int) -> HttpResponse:
    """A frozen version prints exactly as it was signed."""
    document = documents.kind(kind).load(request.actor, pk)
    version = next(
        (v for v in document.visible_versions(request.actor) if v.number == number), None
    )
    if version is None or version.snapshot is None:
        raise Http404
    verification = check_version(request.actor, version)
    document.log_version_download(request.actor, version)
    return document.pdf(request, version, verification)
