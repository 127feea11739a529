"""Signing: the only code that writes versions and signatures.

The steps on one version. Documents reach them through ``koers.signing.workflow`` with their
own snapshot; this module knows nothing about what a snapshot holds.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from koers.access.relations import is_current_manager
from koers.lib.canonical import normalised
from koers.lib.errors import Refused
from koers.organisations.actors import actor_for
from koers.organisations.models import Employee
from koers.signing.models import (
    Choice,
    Party,
    Signature,
    Version,
    VersionFrozen,
    VersionStatus,
)
from koers.signing.sealing import content_hash
from koers.signing.sealing import verify as verify  # callers check versions through services


class SigningRefused(Refused):
    """Not this person's turn, not their document, or not in a state to sign. The code says
    which (``signing.*`` in ``koers.signing.refusals``)."""

    default_code = "signing.not_now"

    def __init__(self, code: str = "", /, **params: object) -> None:
        super().__init__(code or self.default_code, **params)


class RemarkRequired(SigningRefused):
    """'Voor gezien' and 'correctie gevraagd' need a remark."""

    default_code = "signing.remark_required"


class PaperDateInvalid(SigningRefused):
    """A paper signature is dated between the day the version was frozen and today."""

    default_code = "signing.paper_date_invalid"


def versions_of(subject: models.Model) -> models.QuerySet[Version]:
    return Version.objects.of(subject)


def latest_version(subject: models.Model) -> Version | None:
    return versions_of(subject).order_by("-number").first()


def _new_version(subject: models.Model, employee: Employee, by: Employee | None, number: int):
    return Version.objects.create(
        organisation_id=employee.organisation_id,
        employee=employee,
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        number=number,
        created_by=by,
    )


@transaction.atomic
def editable_version(subject: models.Model, employee: Employee, by: Employee | None) -> Version:
    """001 step 4: the draft to write in. After signing (or a correction) a change starts the
    next version; a version sent for signing that nobody signed yet goes back to draft.
    Once the employee has signed, the content waits for the manager's signature."""
    latest = versions_of(subject).select_for_update().order_by("-number").first()
    if latest is None:
        return _new_version(subject, employee, by, 1)
    if latest.status == VersionStatus.DRAFT:
        return latest
    if latest.status == VersionStatus.TO_SIGN:
        latest.status = VersionStatus.DRAFT
        latest.snapshot = None
        latest.content_hash = ""
        latest.frozen_at = None
        latest.save(update_fields=["status", "snapshot", "content_hash", "frozen_at"])
        return latest
    if latest.status == VersionStatus.EMPLOYEE_SIGNED:
        raise VersionFrozen
    return _new_version(subject, employee, by, latest.number + 1)


@transaction.atomic
def freeze(version: Version, snapshot: dict[str, Any]) -> Version:
    """003: the version both will sign: exactly this content, with its HMAC-SHA256."""
    version = Version.objects.select_for_update().get(pk=version.pk)
    if version.status != VersionStatus.DRAFT:
        raise VersionFrozen
    stored = normalised(snapshot)
    version.snapshot = stored
    version.content_hash = content_hash(stored)
    version.status = VersionStatus.TO_SIGN
    version.frozen_at = timezone.now()
    version.save(update_fields=["snapshot", "content_hash", "status", "frozen_at"])
    return version


def replace_snapshot(version: Version, snapshot: dict[str, Any]) -> Version:
    """Refused for anything but a draft: a frozen version does not change."""
    if version.status != VersionStatus.DRAFT:
        raise VersionFrozen
    return freeze(version, snapshot)


def _employee_signs(
    version: Version,
    choice: str,
    remark: str,
    *,
    signed_by: Employee,
    paper_date: datetime.date | None = None,
    recorded_by: Employee | None = None,
) -> Signature:
    """The employee's paraaf on a locked version that waits for it, online or from paper."""
    if choice not in Choice.values:
        raise SigningRefused("signing.unknown_choice")
    if choice in (Choice.SEEN, Choice.CORRECTION) and not remark:
        raise RemarkRequired
    if choice == Choice.SEEN:
        # Nobody signed yet, so the content may still take the remark in.
        snapshot = {**version.snapshot, "employee_remark": remark}
        version.snapshot = normalised(snapshot)
        version.content_hash = content_hash(version.snapshot)
    signature = Signature.objects.create(
        version=version,
        party=Party.EMPLOYEE,
        choice=choice,
        remark=remark,
        signed_by=signed_by,
        signed_at=timezone.now(),
        signed_hash=version.content_hash,
        paper_date=paper_date,
        recorded_by=recorded_by,
    )
    version.status = (
        VersionStatus.CORRECTION if choice == Choice.CORRECTION else VersionStatus.EMPLOYEE_SIGNED
    )
    version.save(update_fields=["snapshot", "content_hash", "status"])
    if choice == Choice.CORRECTION:
        _new_version(
            version.subject, version.employee, recorded_by or signed_by, version.number + 1
        )
    return signature


@transaction.atomic
def sign_as_employee(version: Version, by: Employee, choice: str, remark: str = "") -> Version:
    """003 / issue 3 step 6: the employee reads and chooses akkoord, voor gezien (the remark
    becomes part of the signed content) or correctie gevraagd (back to the author, who
    writes the next version)."""
    version = Version.objects.select_for_update().get(pk=version.pk)
    if version.status != VersionStatus.TO_SIGN or by.pk != version.employee_id:
        raise SigningRefused("signing.not_your_turn")
    _employee_signs(version, choice, remark.strip(), signed_by=by)
    return version


@transaction.atomic
def record_paper_signature(
    version: Version,
    recorded_by: Employee,
    choice: str,
    remark: str = "",
    *,
    signed_on: datetime.date,
) -> Version:
    """003 "beide partijen ondertekenen", on paper: the employee signed the printed copy of
    exactly this frozen version; their current manager enters the date, the choice and the
    remark written on it. Only while the version waits for the employee: a version signed
    online is not signed again from paper. The manager then signs as usual."""
    version = Version.objects.select_for_update().select_related("employee").get(pk=version.pk)
    if version.status != VersionStatus.TO_SIGN:
        raise SigningRefused("signing.not_waiting_for_employee")
    if not is_current_manager(actor_for(recorded_by), version.employee):
        raise SigningRefused("signing.not_current_manager")
    frozen_on = timezone.localtime(version.frozen_at).date() if version.frozen_at else None
    if signed_on > timezone.localdate() or (frozen_on and signed_on < frozen_on):
        raise PaperDateInvalid
    _employee_signs(
        version,
        choice,
        remark.strip(),
        signed_by=version.employee,
        paper_date=signed_on,
        recorded_by=recorded_by,
    )
    return version


@transaction.atomic
def sign_as_manager(version: Version, by: Employee) -> Version:
    """003: the manager signs after the employee; the version is now frozen for good."""
    version = Version.objects.select_for_update().select_related("employee").get(pk=version.pk)
    if version.status != VersionStatus.EMPLOYEE_SIGNED:
        raise SigningRefused("signing.not_your_turn")
    if not is_current_manager(actor_for(by), version.employee):
        raise SigningRefused("signing.not_current_manager")
    now = timezone.now()
    Signature.objects.create(
        version=version,
        party=Party.MANAGER,
        choice=Choice.AGREED,
        signed_by=by,
        signed_at=now,
        signed_hash=version.content_hash,
    )
    version.status = VersionStatus.SIGNED
    version.save(update_fields=["status"])
    return version
