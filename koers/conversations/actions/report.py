"""The report of a talk and its signing (003 Dossierbeheer).

The manager writes the report (prefilled from the phase notes and the agreements) and offers
it for signing; the employee reads it and chooses akkoord, voor gezien or correctie gevraagd;
then the manager signs. Versions, hashes and signatures are koers.signing's
(``koers.conversations.signed.ReportDocument``). Every read and change of the report is in
the employee's dossier log.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from koers.access import policy
from koers.access.actor import Actor
from koers.audit import events as audit
from koers.conversations.models import Conversation, Report
from koers.conversations.reports import SECTIONS, ReportSigned, follow_report, party_of, prefill
from koers.conversations.signed import ReportDocument
from koers.signing import services as signing
from koers.signing import workflow
from koers.signing.models import Choice, Version, VersionFrozen


def _changed(actor: Actor, report: Report, verb: str, **params: Any) -> None:
    """Every read and change of the report is in the employee's dossier log."""
    audit.record(actor, verb, report, employee=report.conversation.employee, **params)


def _draft(actor: Actor, report: Report) -> Version:
    """The version to write in. Refused when the newest version is signed: the manager starts
    a correction (the next version) on purpose, with ``start_correction``."""
    document = ReportDocument(report)
    try:
        workflow.refuse_signed(document)
    except VersionFrozen as refused:
        raise ReportSigned from refused
    return workflow.draft(document, actor.employee)


@transaction.atomic
def start_report(actor: Actor, conversation: Conversation) -> Report:
    """003 Afronding "verslaggeving": the report's first draft, from the phase notes."""
    policy.require(actor, "conduct", conversation)
    report = Report.objects.filter(conversation=conversation).first()
    if report is None:
        report = Report.objects.create(conversation=conversation, **prefill(conversation))
        workflow.draft(ReportDocument(report), actor.employee)
        _changed(actor, report, "report.created")
    else:
        follow_report(report, signing.latest_version(report))
    return report


@transaction.atomic
def save_report(actor: Actor, report: Report, **sections: str) -> Report:
    """003: the manager writes the report."""
    policy.require(actor, "write", report)
    _draft(actor, report)
    for name, value in sections.items():
        if name in SECTIONS:
            setattr(report, name, value.strip())
    report.save()
    _changed(actor, report, "report.changed")
    return report


@transaction.atomic
def submit_report(actor: Actor, report: Report) -> Version:
    """003 "beide partijen ondertekenen": this exact content goes to the employee first."""
    policy.require(actor, "write", report)
    _draft(actor, report)
    version = workflow.send_for_signing(ReportDocument(report), actor.employee)
    _changed(actor, report, "report.sent_for_signing", number=version.number)
    return version


@transaction.atomic
def withdraw_report(actor: Actor, report: Report) -> Version:
    """Before the employee has chosen, the manager may take the report back to change it;
    the frozen content is dropped and the version is a draft again."""
    policy.require(actor, "write", report)
    version = workflow.withdraw(ReportDocument(report), actor.employee)
    _changed(actor, report, "report.withdrawn", number=version.number)
    return version


@transaction.atomic
def sign_report(actor: Actor, report: Report, choice: str, remark: str = "") -> Version:
    """003: the employee chooses akkoord / voor gezien / correctie gevraagd; then the manager
    signs. A correction sends the report back to the manager as the next draft."""
    policy.require(actor, "sign", report)
    party = party_of(actor, report.conversation)
    if party is None:  # pragma: no cover - the policy holds only for the two parties
        raise signing.SigningRefused("signing.not_a_party")
    version = workflow.sign(ReportDocument(report), actor.employee, party, choice, remark)
    signed = choice if party == "employee" else Choice.AGREED
    _changed(actor, report, "report.signed", number=version.number, choice=signed)
    return version


@transaction.atomic
def record_paper_signature(
    actor: Actor,
    report: Report,
    choice: str,
    remark: str = "",
    *,
    signed_on: datetime.date,
) -> Version:
    """003 on paper: the employee signed the printed report waiting for them (no login, or
    they prefer paper); their current manager enters it. Same version, same hash; the
    manager then signs as usual."""
    policy.require(actor, "write", report)
    version = workflow.record_paper_signature(
        ReportDocument(report), actor.employee, choice, remark, signed_on=signed_on
    )
    _changed(
        actor,
        report,
        "report.signed_on_paper",
        number=version.number,
        choice=choice,
        signed_on=signed_on,
    )
    return version


@transaction.atomic
def start_correction(actor: Actor, report: Report) -> Version:
    """A change after signing: the next version, to be signed again; the signed one stays
    exactly as it was."""
    policy.require(actor, "write", report)
    version = workflow.start_next_version(ReportDocument(report), actor.employee)
    _changed(actor, report, "report.correction_started", number=version.number)
    return version


@transaction.atomic
def record_read(actor: Actor, report: Report, verb: str = "report.read") -> None:
    """Who sees what: every read of a report is logged."""
    policy.require(actor, "read", report)
    _changed(actor, report, verb)


@transaction.atomic
def record_download(actor: Actor, report: Report, version: Version | None) -> None:
    """A signed or frozen version by its number, or the draft as it is now."""
    policy.require(actor, "read", report)
    if version is None:
        _changed(actor, report, "report.draft_downloaded")
    else:
        _changed(actor, report, "report.downloaded", number=version.number)
