"""The report of a talk: writing (the manager), reading and signing (employee first, then the
manager), versions and PDFs. HR of the organisation reads signed versions only. Every read and
download is in the dossier log.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.conversations import reports, talk
from koers.conversations.forms import ReportForm, ReportSignForm
from koers.conversations.models import Conversation, Report
from koers.conversations.views import _conversation
from koers.lib.pdf import pdf_response, render_pdf
from koers.signing import services as signing
from koers.signing.forms import PaperSignatureForm
from koers.signing.models import Choice, Signature, Version, VersionStatus


def _report(request: HttpRequest, conversation: Conversation) -> Report | None:
    return Report.objects.visible_to(request.actor).filter(conversation=conversation).first()


def _all_versions(report: Report | None) -> list[Version]:
    if report is None:
        return []
    return list(
        signing.versions_of(report)
        .order_by("number")
        .prefetch_related(
            Prefetch(
                "signatures",
                queryset=Signature.objects.select_related("signed_by", "recorded_by"),
            )
        )
    )


def _versions(
    report: Report | None, party: str | None, versions: list[Version] | None = None
) -> list[Version]:
    """The versions this reader may see: the manager all, the employee those sent to them,
    HR only signed ones."""
    versions = _all_versions(report) if versions is None else versions
    if party == "manager":
        return versions
    if party == "employee":
        return [v for v in versions if v.snapshot is not None]
    return [v for v in versions if v.is_signed]


def _render(
    request: HttpRequest,
    conversation: Conversation,
    *,
    form: ReportForm | None = None,
    sign_form: ReportSignForm | None = None,
    paper_form: PaperSignatureForm | None = None,
) -> HttpResponse:
    actor = request.actor
    party = reports.party_of(actor, conversation)
    report = _report(request, conversation)
    if party is None and report is None:
        raise Http404
    all_versions = _all_versions(report)
    versions = _versions(report, party, all_versions)
    if party is None and not versions:
        raise Http404
    latest = all_versions[-1] if all_versions else None
    frozen = [v for v in versions if v.snapshot is not None]
    shown = frozen[-1] if frozen else None
    writing = party == "manager" and latest is not None and latest.is_draft
    if writing and form is None:
        form = ReportForm(instance=report)
    my_turn = latest is not None and (
        (party == "employee" and latest.status == VersionStatus.TO_SIGN)
        or (party == "manager" and latest.status == VersionStatus.EMPLOYEE_SIGNED)
    )
    if my_turn and sign_form is None:
        sign_form = ReportSignForm(party=party)
    # The employee signed the printed version on paper: the manager enters it.
    paper = party == "manager" and latest is not None and latest.status == VersionStatus.TO_SIGN
    if paper and paper_form is None:
        paper_form = PaperSignatureForm(frozen_on=_frozen_on(latest))
    correction = None
    if latest is not None and latest.is_draft and len(all_versions) > 1:
        requested = all_versions[-2].employee_signature
        if requested and requested.choice == Choice.CORRECTION:
            correction = requested
    if report is not None and (shown is not None or writing):
        reports.record_read(report, actor)
    return render(
        request,
        "conversations/report.html",
        {
            "conversation": conversation,
            "report": report,
            "party": party,
            "latest": latest,
            "shown": shown,
            "doc": reports.with_dates(shown.snapshot) if shown else None,
            "versions": [
                {"version": v, "verified": signing.verify(v) if v.snapshot is not None else None}
                for v in reversed(frozen)
            ],
            "form": form if writing else None,
            "sign_form": sign_form if my_turn else None,
            "paper_form": paper_form if paper else None,
            "correction": correction,
            "agreements": talk.agreement_rows(conversation) if writing else [],
            "notes": talk.notes_of(conversation) if writing else None,
            "plan": talk.agreement_plan(conversation) if party == "manager" else None,
            "has_signed": any(v.is_signed for v in versions),
        },
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
            reports.withdraw(report, request.actor)
        except signing.SigningRefused:
            messages.error(request, _("De medewerker heeft al gekozen. Teken eerst."))
        else:
            messages.success(request, _("Het verslag is teruggehaald. U kunt het nu wijzigen."))
        return redirect("conversation-report", pk=conversation.pk)
    form = ReportForm(request.POST, instance=report)
    if not form.is_valid():
        return _render(request, conversation, form=form)
    try:
        reports.save_report(report, request.actor, **form.cleaned_data)
        if request.POST.get("action") == "submit":
            version = reports.submit_report(report, request.actor)
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
    return redirect("conversation-report", pk=conversation.pk)


@require_POST
def conversation_report_sign(request: HttpRequest, pk: int) -> HttpResponse:
    """003: akkoord / voor gezien / correctie gevraagd by the employee; then the manager."""
    conversation = _conversation(request, pk)
    party = reports.party_of(request.actor, conversation)
    report = _report(request, conversation)
    if party is None or report is None:
        raise Http404
    form = ReportSignForm(request.POST, party=party)
    if not form.is_valid():
        return _render(request, conversation, sign_form=form)
    try:
        reports.sign_report(
            report, request.actor, form.cleaned_data["choice"], form.cleaned_data.get("remark", "")
        )
    except signing.SigningRefused:
        messages.error(request, _("U bent nu niet aan de beurt om te tekenen."))
    else:
        if form.cleaned_data["choice"] == Choice.CORRECTION:
            messages.success(request, _("Uw leidinggevende past het verslag aan."))
        else:
            messages.success(request, _("Dank u. Uw keuze is vastgelegd."))
    return redirect("conversation-report", pk=conversation.pk)


def _frozen_on(version: Version) -> Any:
    return timezone.localtime(version.frozen_at).date() if version.frozen_at else None


@require_POST
def conversation_report_sign_paper(request: HttpRequest, pk: int) -> HttpResponse:
    """003 on paper: the manager enters what the employee wrote on the printed version."""
    conversation = _conversation(request, pk)
    party = reports.party_of(request.actor, conversation)
    report = _report(request, conversation)
    if party is None or report is None:
        raise Http404
    if party != "manager":
        raise PermissionDenied
    version = reports.version_to_sign(report)
    if version is None or version.status != VersionStatus.TO_SIGN:
        messages.error(request, _("Er wacht geen versie op de handtekening van de medewerker."))
        return redirect("conversation-report", pk=conversation.pk)
    form = PaperSignatureForm(request.POST, frozen_on=_frozen_on(version))
    if not form.is_valid():
        return _render(request, conversation, paper_form=form)
    try:
        reports.record_paper_signature(
            report,
            request.actor,
            form.cleaned_data["choice"],
            form.cleaned_data.get("remark", ""),
            signed_on=form.cleaned_data["signed_on"],
        )
    except signing.SigningRefused:
        messages.error(request, _("Dit lukte niet. Kijk of de versie nog wacht."))
    else:
        if form.cleaned_data["choice"] == Choice.CORRECTION:
            messages.success(
                request, _("De handtekening op papier is ingevoerd. Pas het verslag aan.")
            )
        else:
            messages.success(request, _("De handtekening op papier is ingevoerd. Teken nu zelf."))
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
        version = reports.start_correction(report, request.actor)
    except signing.SigningRefused:
        messages.error(request, _("Alleen een getekend verslag krijgt een correctie."))
    else:
        messages.success(
            request,
            _("Versie %(number)s is gemaakt. De getekende versie blijft bewaard.")
            % {"number": version.number},
        )
    return redirect("conversation-report", pk=conversation.pk)


def _pdf(
    request: HttpRequest, conversation: Conversation, version: Version | None, report: Report
) -> HttpResponse:
    document = version.snapshot if version is not None else reports.report_document(report)
    context: dict[str, Any] = {
        "doc": reports.with_dates(document),
        "version": version,
        "is_concept": version is None or not version.is_signed,
        "employee_signature": version.employee_signature if version else None,
        "manager_signature": version.manager_signature if version else None,
        "verified": signing.verify(version) if version else None,
        # A printed version that waits for signatures gets lines to sign by hand.
        "employee_lines": version is not None and version.status == VersionStatus.TO_SIGN,
        "manager_lines": version is not None
        and version.status in (VersionStatus.TO_SIGN, VersionStatus.EMPLOYEE_SIGNED),
    }
    reports.record_download(report, request.actor, version)
    pdf = render_pdf("conversations/report_pdf.html", context, request=request)
    number = f"-v{version.number}" if version else ""
    return pdf_response(pdf, f"gespreksverslag-{conversation.pk}{number}.pdf")


def conversation_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The employee's copy (003): the newest signed version; before signing, the newest version
    sent for signing, or (for the manager) the draft, marked as concept."""
    conversation = _conversation(request, pk)
    party = reports.party_of(request.actor, conversation)
    report = _report(request, conversation)
    versions = _versions(report, party)
    if report is None or (party is None and not versions):
        raise Http404
    signed = [v for v in versions if v.is_signed]
    frozen = [v for v in versions if v.snapshot is not None]
    version = (signed or frozen or [None])[-1]
    if version is None and party != "manager":
        raise Http404
    return _pdf(request, conversation, version, report)


def conversation_report_version_pdf(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """A frozen version prints exactly as it was signed."""
    conversation = _conversation(request, pk)
    party = reports.party_of(request.actor, conversation)
    report = _report(request, conversation)
    version = next((v for v in _versions(report, party) if v.number == number), None)
    if report is None or version is None or version.snapshot is None:
        raise Http404
    return _pdf(request, conversation, version, report)
