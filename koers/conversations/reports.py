"""The report of a talk and its signing (003 Dossierbeheer): state changes and the document.

The manager writes the report (prefilled from the phase notes and the agreements) and offers
it for signing; the employee reads it and chooses akkoord, voor gezien (the remark becomes part
of the signed version) or correctie gevraagd (back to the manager, who writes the next
version); then the manager signs. Versions, hashes and signatures are koers.signing's: one
mechanism for the report and the POP. A signed version never changes; a correction afterwards
is the next version with its own signatures. Every read and change is in the dossier log.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.access.relations import is_current_manager
from koers.audit import events as audit
from koers.conversations.models import Conversation, Outcome, Report, Status
from koers.plans import smart
from koers.signing import services as signing
from koers.signing.models import Choice, Version, VersionFrozen, VersionStatus

if TYPE_CHECKING:
    from koers.access.actor import Actor

DOCUMENT_KIND = "conversation_report"
DOCUMENT_FORMAT = 1
SECTIONS = ("summary", "evaluation", "information", "planning", "closing")

# The conversation's status follows the newest version of its report.
STATUS_OF_VERSION = {
    VersionStatus.DRAFT: Status.HELD,
    VersionStatus.CORRECTION: Status.HELD,
    VersionStatus.TO_SIGN: Status.REPORTED,
    VersionStatus.EMPLOYEE_SIGNED: Status.REPORTED,
    VersionStatus.SIGNED: Status.SIGNED,
}


class ReportSigned(VersionFrozen):
    """A signed report is read-only; a correction starts the next version explicitly."""


def party_of(actor: Actor, conversation: Conversation) -> str | None:
    """Who signs: the employee whose talk it was, or their current manager."""
    if actor.employee_id is None:
        return None
    if actor.employee_id == conversation.employee_id:
        return "employee"
    if is_current_manager(actor, conversation.employee):
        return "manager"
    return None


def _require_manager(actor: Actor, conversation: Conversation) -> None:
    if party_of(actor, conversation) != "manager":
        raise PermissionDenied


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
        "employee_score": notes.employee_score,
        "employee_comment": notes.employee_comment,
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
# State changes


def _sync(report: Report) -> Version | None:
    """The report's state and the conversation's status follow the newest version."""
    latest = signing.latest_version(report)
    if latest is None:
        return None
    conversation = report.conversation
    if report.state != latest.status:
        report.state = latest.status
        report.save(update_fields=["state", "updated_at"])
    status = STATUS_OF_VERSION[latest.status]
    if conversation.status != status:
        conversation.status = status
        conversation.save(update_fields=["status", "updated_at"])
    return latest


@transaction.atomic
def start_report(conversation: Conversation, actor: Actor) -> Report:
    """003 Afronding "verslaggeving": the report's first draft, from the phase notes."""
    _require_manager(actor, conversation)
    report = Report.objects.filter(conversation=conversation).first()
    if report is None:
        report = Report.objects.create(conversation=conversation, **prefill(conversation))
        signing.editable_version(report, conversation.employee, actor.employee)
        _changed(report, actor, "report.created")
    _sync(report)
    return report


def _changed(report: Report, actor: Actor, verb: str, **params: Any) -> None:
    """Every read and change of the report is in the employee's dossier log."""
    audit.record(actor, verb, report, employee=report.conversation.employee, **params)


def _draft(report: Report, actor: Actor) -> Version:
    """The version to write in. Refused when the newest version is signed: the manager starts
    a correction (the next version) on purpose, with ``start_correction``."""
    latest = signing.latest_version(report)
    if latest is not None and latest.status == VersionStatus.SIGNED:
        raise ReportSigned
    version = signing.editable_version(report, report.conversation.employee, actor.employee)
    _sync(report)
    return version


@transaction.atomic
def save_report(report: Report, actor: Actor, **sections: str) -> Report:
    """003: the manager writes the report."""
    conversation = report.conversation
    _require_manager(actor, conversation)
    _draft(report, actor)
    for name, value in sections.items():
        if name in SECTIONS:
            setattr(report, name, value.strip())
    report.save()
    _changed(report, actor, "report.changed")
    return report


@transaction.atomic
def submit_report(report: Report, actor: Actor) -> Version:
    """003 "beide partijen ondertekenen": this exact content goes to the employee first."""
    conversation = report.conversation
    _require_manager(actor, conversation)
    version = signing.freeze(_draft(report, actor), report_document(report))
    _sync(report)
    _changed(report, actor, "report.sent_for_signing", number=version.number)
    return version


@transaction.atomic
def withdraw(report: Report, actor: Actor) -> Version:
    """Before the employee has chosen, the manager may take the report back to change it;
    the frozen content is dropped and the version is a draft again."""
    conversation = report.conversation
    _require_manager(actor, conversation)
    latest = signing.latest_version(report)
    if latest is None or latest.status != VersionStatus.TO_SIGN:
        raise signing.SigningRefused
    version = _draft(report, actor)
    _changed(report, actor, "report.withdrawn", number=version.number)
    return version


def version_to_sign(report: Report) -> Version | None:
    latest = signing.latest_version(report)
    if latest and latest.status in (VersionStatus.TO_SIGN, VersionStatus.EMPLOYEE_SIGNED):
        return latest
    return None


@transaction.atomic
def sign_report(report: Report, actor: Actor, choice: str, remark: str = "") -> Version:
    """003: the employee chooses akkoord / voor gezien / correctie gevraagd; then the manager
    signs. A correction sends the report back to the manager as the next draft."""
    conversation = report.conversation
    party = party_of(actor, conversation)
    version = version_to_sign(report)
    if version is None or party is None:
        raise signing.SigningRefused
    if party == "employee":
        version = signing.sign_as_employee(version, actor.employee, choice, remark)
        signed = choice
    else:
        version = signing.sign_as_manager(version, actor.employee)
        signed = Choice.AGREED
    _sync(report)
    _changed(report, actor, "report.signed", number=version.number, choice=signed)
    return version


@transaction.atomic
def record_paper_signature(
    report: Report,
    actor: Actor,
    choice: str,
    remark: str = "",
    *,
    signed_on: datetime.date,
) -> Version:
    """003 on paper: the employee signed the printed report waiting for them (no login, or
    they prefer paper); their current manager enters it. Same version, same hash; the
    manager then signs as usual."""
    conversation = report.conversation
    _require_manager(actor, conversation)
    version = version_to_sign(report)
    if version is None or version.status != VersionStatus.TO_SIGN:
        raise signing.SigningRefused
    version = signing.record_paper_signature(
        version, actor.employee, choice, remark, signed_on=signed_on
    )
    _sync(report)
    _changed(
        report,
        actor,
        "report.signed_on_paper",
        number=version.number,
        choice=choice,
        signed_on=signed_on,
    )
    return version


@transaction.atomic
def start_correction(report: Report, actor: Actor) -> Version:
    """A change after signing: the next version, to be signed again; the signed one stays
    exactly as it was."""
    conversation = report.conversation
    _require_manager(actor, conversation)
    latest = signing.latest_version(report)
    if latest is None or latest.status != VersionStatus.SIGNED:
        raise signing.SigningRefused
    version = signing.editable_version(report, conversation.employee, actor.employee)
    _sync(report)
    _changed(report, actor, "report.correction_started", number=version.number)
    return version


def record_read(report: Report, actor: Actor) -> None:
    """Who sees what: every read of a report is logged."""
    _changed(report, actor, "report.read")


def record_download(report: Report, actor: Actor, version: Version | None) -> None:
    """A signed or frozen version by its number, or the draft as it is now."""
    if version is None:
        _changed(report, actor, "report.draft_downloaded")
    else:
        _changed(report, actor, "report.downloaded", number=version.number)
