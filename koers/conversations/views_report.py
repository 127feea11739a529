"""The report of a talk: writing (the manager), reading, the status of its signing, and its PDF.
HR of the organisation reads signed versions only. Every read and download is in the dossier
log.

Signing, paper signing, the versions and a version's PDF are koers.signing's shared pages
(``koers.conversations.signed.ReportDocument``); the report page shows the sign form itself.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.conversations import reports, talk
from koers.conversations.actions import report as report_actions
from koers.conversations.forms import ReportForm
from koers.conversations.models import Conversation, Report
from koers.conversations.signed import ReportDocument
from koers.conversations.views import _conversation
from koers.lib import concurrency
from koers.signing import services as signing
from koers.signing.forms import SignForm
from koers.signing.models import Version
from koers.signing.pages import status_box, version_rows
from koers.signing.sealing import check_version


def _report(request: HttpRequest, conversation: Conversation) -> Report | None:
    report = Report.objects.visible_to(request.actor).filter(conversation=conversation).first()
    if report is not None:
        report.conversation = conversation
    return report


def _render(
    request: HttpRequest,
    conversation: Conversation,
    *,
    form: ReportForm | None = None,
    conflict: concurrency.Conflict | None = None,
) -> HttpResponse:
    actor = request.actor
    party = reports.party_of(actor, conversation)
    report = _report(request, conversation)
    if party is None and report is None:
        raise Http404
    document = ReportDocument(report) if report is not None else None
    versions = document.visible_versions(actor) if document else []
    if party is None and not versions:
        raise Http404
    latest = document.latest if document else None
    frozen = [v for v in versions if v.snapshot is not None]
    shown = frozen[-1] if frozen else None
    writing = party == "manager" and latest is not None and latest.is_draft
    if writing and form is None:
        form = ReportForm(instance=report)
    my_turn = document is not None and document.my_turn(actor)
    if report is not None and (shown is not None or writing):
        report_actions.record_read(actor, report)
    return render(
        request,
        "conversations/report.html",
        {
            "conversation": conversation,
            "report": report,
            "document": document,
            "party": party,
            "box": status_box(document, actor, inline_sign=True) if document else None,
            "shown": shown,
            "doc": reports.with_dates(shown.snapshot) if shown else None,
            "verification": check_version(actor, shown),
            "versions": version_rows(document, actor) if document else [],
            "form": form if writing else None,
            "sign_form": SignForm(party=party, wording=document.wording) if my_turn else None,
            "agreements": talk.agreement_rows(conversation) if writing else [],
            "notes": talk.notes_of(conversation) if writing else None,
            "rating": talk.rating_of(conversation) if writing else None,
            "plan": talk.agreement_plan(conversation) if party == "manager" else None,
            "has_signed": any(v.is_signed for v in versions),
            "conflict": conflict if writing else None,
        },
        status=409 if conflict and writing else 200,
    )


def conversation_report(request: HttpRequest, pk: int) -> HttpResponse:
    """003 Dossierbeheer: the manager writes and offers the report for signing; the employee
    reads it; HR reads signed versions."""
    conversation = _conversation(request, pk)
    if request.method != "POST":
        return _render(request, conversation)
    party = reports.party_of(request.actor, conversation)
    report = _report(request, conversation)
    if party is None:
        raise Http404
    if party != "manager" or report is None:
        raise PermissionDenied
    if request.POST.get("action") == "withdraw":
        try:
            report_actions.withdraw_report(request.actor, report)
        except signing.SigningRefused:
            messages.error(request, _("De medewerker heeft al gekozen. Teken eerst."))
        else:
            messages.success(request, _("Het verslag is teruggehaald. U kunt het nu wijzigen."))
        return redirect("conversation-report", pk=conversation.pk)
    form = ReportForm(request.POST, instance=report)
    if not form.is_valid():
        return _render(request, conversation, form=form)
    try:
        report_actions.save_report(
            request.actor, report, expected_revision=form.expected_revision, **form.cleaned_data
        )
        if request.POST.get("action") == "submit":
            version = report_actions.submit_report(request.actor, report)
            messages.success(
                request,
                _("Versie %(number)s staat klaar. De medewerker leest en tekent eerst, daarna u.")
                % {"number": version.number},
            )
        else:
            messages.success(request, _("Het verslag is opgeslagen."))
    except reports.ReportSigned:
        messages.error(
            request,
            _(
                "Dit verslag is getekend en verandert niet meer. Wilt u iets veranderen? "
                "Kies dan 'Correctie maken': dat wordt een nieuwe versie."
            ),
        )
    except signing.VersionFrozen:
        messages.error(request, _("De medewerker heeft al getekend. Teken eerst."))
    except concurrency.StaleEdit as stale:
        conflict = concurrency.conflict(stale, form.cleaned_data, form=form, posted=request.POST)
        form = concurrency.with_revision(form, conflict.revision)
        return _render(request, conversation, form=form, conflict=conflict)
    return redirect("conversation-report", pk=conversation.pk)


@require_POST
def conversation_report_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """A change after signing: a new version; the signed one stays as it was."""
    conversation = _conversation(request, pk)
    party = reports.party_of(request.actor, conversation)
    report = _report(request, conversation)
    if party is None or report is None:
        raise Http404
    if party != "manager":
        raise PermissionDenied
    try:
        version = report_actions.start_correction(request.actor, report)
    except signing.SigningRefused:
        messages.error(request, _("Alleen een getekend verslag krijgt een correctie."))
    else:
        messages.success(
            request,
            _("Versie %(number)s is gemaakt. De getekende versie blijft bewaard.")
            % {"number": version.number},
        )
    return redirect("conversation-report", pk=conversation.pk)


def _pdf(request: HttpRequest, document: ReportDocument, version: Version | None) -> HttpResponse:
    verification = check_version(request.actor, version)
    report_actions.record_download(request.actor, document.report, version)
    return document.pdf(request, version, verification)


def conversation_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The employee's copy (003): the newest signed version; before signing, the newest version
    sent for signing, or (for the manager) the draft, marked as concept."""
    conversation = _conversation(request, pk)
    party = reports.party_of(request.actor, conversation)
    report = _report(request, conversation)
    if report is None:
        raise Http404
    document = ReportDocument(report)
    versions = document.visible_versions(request.actor)
    if party is None and not versions:
        raise Http404
    signed = [v for v in versions if v.is_signed]
    frozen = [v for v in versions if v.snapshot is not None]
    version = (signed or frozen or [None])[-1]
    if version is None and party != "manager":
        raise Http404
    return _pdf(request, document, version)
