"""The one signing workflow of every signed document (003 Dossierbeheer).

The manager writes the document as a draft version and offers it for signing; the employee reads
it and chooses akkoord, voor gezien (the remark becomes part of the signed version) or correctie
gevraagd (back to the manager, who writes the next version), online or on paper; then the
manager signs. A signed version never changes; a change afterwards is the next version.

The document's own action (``plans.actions.sign_plan``, ``conversations.reports.sign_report``)
checks who may do what and writes the dossier log; it calls these for the steps. After each step
the document hears what its newest version is (``SignedDocument.version_changed``): that is the
only place where a document's state is written outside its versions.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from koers.organisations.models import Employee
from koers.signing import services
from koers.signing.documents import SignedDocument
from koers.signing.models import Party, Version, VersionFrozen, VersionStatus


def _settled(document: SignedDocument) -> Version | None:
    document.forget_versions()
    latest = services.latest_version(document.subject)
    document.version_changed(latest)
    return latest


@transaction.atomic
def draft(document: SignedDocument, by: Employee) -> Version:
    """001 step 4: the version to write in. A version waiting for the employee goes back to
    draft; after signing (or a correction) a change starts the next version."""
    version = services.editable_version(document.subject, document.employee, by)
    _settled(document)
    return version


@transaction.atomic
def send_for_signing(document: SignedDocument, by: Employee) -> Version:
    """003 "beide partijen ondertekenen": exactly this content goes to the employee first."""
    version = services.freeze(draft(document, by), document.snapshot())
    _settled(document)
    return version


@transaction.atomic
def withdraw(document: SignedDocument, by: Employee) -> Version:
    """Before the employee has chosen, the manager takes the version back to change it."""
    latest = services.latest_version(document.subject)
    if latest is None or latest.status != VersionStatus.TO_SIGN:
        raise services.SigningRefused("signing.not_waiting_for_employee")
    return draft(document, by)


@transaction.atomic
def start_next_version(document: SignedDocument, by: Employee) -> Version:
    """A change after signing, on purpose: the next version; the signed one stays."""
    latest = services.latest_version(document.subject)
    if latest is None or latest.status != VersionStatus.SIGNED:
        raise services.SigningRefused("signing.not_signed_yet")
    return draft(document, by)


def refuse_signed(document: SignedDocument) -> None:
    """For documents whose change after signing is an explicit step (``start_next_version``)."""
    latest = services.latest_version(document.subject)
    if latest is not None and latest.status == VersionStatus.SIGNED:
        raise VersionFrozen


@transaction.atomic
def sign(
    document: SignedDocument, by: Employee, party: str, choice: str, remark: str = ""
) -> Version:
    """003: the employee chooses, then the manager signs; each only in their turn."""
    document.forget_versions()
    version = document.version_to_sign()
    if version is None:
        raise services.SigningRefused("signing.nothing_to_sign")
    if party == Party.EMPLOYEE:
        version = services.sign_as_employee(version, by, choice, remark)
    elif party == Party.MANAGER:
        version = services.sign_as_manager(version, by)
    else:
        raise services.SigningRefused("signing.not_a_party")
    _settled(document)
    return version


@transaction.atomic
def record_paper_signature(
    document: SignedDocument,
    recorded_by: Employee,
    choice: str,
    remark: str = "",
    *,
    signed_on: datetime.date,
) -> Version:
    """003 on paper: the employee signed the printed version waiting for them; their current
    manager enters it. Same version, same hash; the manager then signs as usual."""
    document.forget_versions()
    version = document.version_to_sign()
    if version is None or version.status != VersionStatus.TO_SIGN:
        raise services.SigningRefused("signing.not_waiting_for_employee")
    version = services.record_paper_signature(
        version, recorded_by, choice, remark, signed_on=signed_on
    )
    _settled(document)
    return version
