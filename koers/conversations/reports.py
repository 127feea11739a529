"""The report of a talk (003 Dossierbeheer) as a document: who signs, the prefill, what is
signed and printed, and the status that follows it. The changes are in
``koers.conversations.actions.report``.

The manager writes the report (prefilled from the phase notes and the agreements) and offers
it for signing; the employee reads it and chooses akkoord, voor gezien (the remark becomes part
of the signed version) or correctie gevraagd (back to the manager, who writes the next
version); then the manager signs. Versions, hashes, signatures and the signing pages are
koers.signing's (``koers.conversations.signed.ReportDocument``): one workflow for the report and
the POP. A signed version never changes; a correction afterwards
is the next version with its own signatures. Every read and change is in the dossier log.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.access.relations import is_current_manager
from koers.conversations.models import Conversation, Outcome, Report, Status
from koers.lib.errors import register_messages
from koers.lib.pdf import pdf_response, render_pdf
from koers.plans import smart
from koers.signing.models import Version, VersionFrozen, VersionStatus

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from koers.access.actor import Actor
    from koers.signing.sealing import VerificationResult

DOCUMENT_KIND = "conversation_report"
DOCUMENT_FORMAT = 1
SECTIONS = ("summary", "evaluation", "information", "planning", "closing")

# The conversation's status follows the newest version of its report (``follow_report``).
STATUS_OF_VERSION = {
    VersionStatus.DRAFT: Status.HELD,
    VersionStatus.CORRECTION: Status.HELD,
    VersionStatus.TO_SIGN: Status.REPORTED,
    VersionStatus.EMPLOYEE_SIGNED: Status.REPORTED,
    VersionStatus.SIGNED: Status.SIGNED,
}


register_messages(
    {
        "report.signed": gettext_lazy(
            "Dit verslag is ondertekend. Een correctie begint een nieuwe versie."
        ),
    }
)


class ReportSigned(VersionFrozen):
    """A signed report is read-only; a correction starts the next version explicitly."""

    default_code = "report.signed"


def party_of(actor: Actor, conversation: Conversation) -> str | None:
    """Who signs: the employee whose talk it was, or their current manager."""
    if actor.employee_id is None:
        return None
    if actor.employee_id == conversation.employee_id:
        return "employee"
    if is_current_manager(actor, conversation.employee):
        return "manager"
    return None


# ---------------------------------------------------------------------------------------------
# Prefill and the document


def _lines(*pairs: tuple[str, str]) -> str:
    return "\n\n".join(f"{label}: {text}" for label, text in pairs if text.strip())


def prefill(conversation: Conversation) -> dict[str, str]:
    """The report's first draft, from the manager's notes of each phase."""
    from koers.conversations import talk

    notes = talk.notes_of(conversation)
    outcome_labels = dict(Outcome.choices)
    evaluation = [
        f"- {row.point.title}: {outcome_labels.get(row.outcome, _('nog niet besproken'))}"
        + (f". {row.note}" if row.note else "")
        for row in talk.review_rows(conversation)
    ]
    if notes.evaluation:
        evaluation.append(notes.evaluation)
    closing = [notes.closing] if notes.closing else []
    if notes.next_date:
        closing.append(
            _("Het volgende gesprek is rond %(date)s.")
            % {"date": notes.next_date.strftime("%d-%m-%Y")}
        )
    return {
        "summary": notes.opening,
        "evaluation": "\n".join(evaluation),
        "information": _lines(
            (_("De medewerker"), notes.employee_wishes),
            (_("De leidinggevende"), notes.manager_adds),
        ),
        "planning": _lines(
            (_("Binnen de eigen functie"), notes.options_inside),
            (_("In een andere functie"), notes.options_other_function),
            (_("Buiten de organisatie"), notes.options_outside),
            (_("Voors en tegens"), notes.pros_cons),
            (_("Belemmeringen"), notes.obstacles),
            (_("Blinde vlekken"), notes.blind_spots),
            (_("Wie doet wat"), notes.responsibilities),
        ),
        "closing": "\n\n".join(closing),
    }


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def report_document(report: Report) -> dict[str, Any]:
    """Exactly what is signed and printed: plain JSON, frozen in a version."""
    from koers.conversations import talk

    conversation = report.conversation
    employee = conversation.employee
    notes = talk.notes_of(conversation)
    agreements = [
        {
            "category": point.category,
            "category_label": str(point.get_category_display()),
            "title": point.title,
            **{part: getattr(point, part) or "" for part in smart.PARTS if part != "deadline"},
            "deadline": _date(point.deadline),
            "smart": not missing,
        }
        for point, missing in (
            (row.point, row.missing) for row in talk.agreement_rows(conversation)
        )
    ]
    return {
        "kind": DOCUMENT_KIND,
        "format": DOCUMENT_FORMAT,
        "conversation_id": conversation.pk,
        "organisation": conversation.organisation.name,
        "conversation_type": conversation.conversation_type.name,
        "held_on": _date(timezone.localtime(conversation.starts_at).date()),
        "place": conversation.place,
        "employee": {
            "name": employee.full_name,
            "personnel_number": employee.personnel_number,
            "team": employee.team.name if employee.team_id else "",
            "function": employee.function,
        },
        "manager": conversation.manager.full_name,
        "sections": {name: getattr(report, name) for name in SECTIONS},
        "agreements": agreements,
        "next_date": _date(notes.next_date),
        "made_on": _date(timezone.localdate()),
    }


def with_dates(document: dict[str, Any]) -> dict[str, Any]:
    """ISO dates back to dates, for templates."""

    def parse(value: str | None) -> datetime.date | None:
        return datetime.date.fromisoformat(value) if value else None

    return {
        **document,
        "held_on": parse(document.get("held_on")),
        "next_date": parse(document.get("next_date")),
        "made_on": parse(document.get("made_on")),
        "agreements": [
            {**a, "deadline": parse(a.get("deadline"))} for a in document.get("agreements", [])
        ],
    }


# ---------------------------------------------------------------------------------------------
# The conversation's status


def follow_report(report: Report, latest: Version | None) -> None:
    """The conversation's status follows the newest version of its report: the one place it
    is written from the report (koers.signing's workflow calls this after every step)."""
    if latest is None:
        return
    conversation = report.conversation
    status = STATUS_OF_VERSION[latest.status]
    if conversation.status != status:
        conversation.status = status
        conversation.save(update_fields=["status", "updated_at"])


def render_pdf_of(
    request: HttpRequest,
    report: Report,
    version: Version | None,
    verification: VerificationResult,
) -> HttpResponse:
    """The report on paper (003: the employee's copy): this version, or the draft as it is
    now, marked as concept. A version that waits for signatures gets lines to sign by hand."""
    document = version.snapshot if version is not None else report_document(report)
    context: dict[str, Any] = {
        "doc": with_dates(document),
        "version": version,
        "is_concept": version is None or not version.is_signed,
        "employee_signature": version.employee_signature if version else None,
        "manager_signature": version.manager_signature if version else None,
        "verification": verification,
        "employee_lines": version is not None and version.status == VersionStatus.TO_SIGN,
        "manager_lines": version is not None
        and version.status in (VersionStatus.TO_SIGN, VersionStatus.EMPLOYEE_SIGNED),
    }
    pdf = render_pdf("conversations/report_pdf.html", context, request=request)
    number = f"-v{version.number}" if version else ""
    return pdf_response(pdf, f"gespreksverslag-{report.conversation_id}{number}.pdf")
