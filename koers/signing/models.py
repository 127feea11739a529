"""Frozen, signed versions of any document (a POP, a conversation report).

One mechanism for 003's "beide partijen ondertekenen": a document is edited as a draft
version; for signing its content is frozen as a canonical JSON snapshot with an HMAC-SHA256;
the employee signs first (akkoord, voor gezien with a remark, or correctie gevraagd), then the
manager. A signed version never changes; a change afterwards starts the next version.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koers.access.relations import FILE_READERS
from koers.lib.canonical import canonical_json
from koers.lib.errors import Refused
from koers.organisations.models import Employee, Organisation
from koers.signing import refusals  # noqa: F401 (registers the refusal sentences)

if TYPE_CHECKING:
    from koers.access.actor import Actor
    from koers.signing.status import StatusText


class VersionFrozen(Refused):
    """A frozen version was about to change."""

    default_code = "signing.version_frozen"

    def __init__(self, code: str = "", /, **params: object) -> None:
        super().__init__(code or self.default_code, **params)


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("concept")
    TO_SIGN = "to_sign", _("wacht op de medewerker")
    EMPLOYEE_SIGNED = "employee_signed", _("wacht op de leidinggevende")
    SIGNED = "signed", _("getekend")
    CORRECTION = "correction", _("correctie gevraagd")


# Statuses in which the snapshot can no longer change: someone signed (or refused) it.
SEALED = (VersionStatus.EMPLOYEE_SIGNED, VersionStatus.SIGNED, VersionStatus.CORRECTION)


class _Loaded(NamedTuple):
    """A version as it was read: what ``save`` compares a sealed version with."""

    status: str | None
    content_hash: str | None
    snapshot: str | None  # canonical JSON, so that a change inside the dict shows too


class Party(models.TextChoices):
    EMPLOYEE = "employee", _("medewerker")
    MANAGER = "manager", _("leidinggevende")


class Choice(models.TextChoices):
    AGREED = "agreed", _("akkoord")
    SEEN = "seen", _("voor gezien")
    CORRECTION = "correction", _("correctie gevraagd")


class VersionQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> VersionQuerySet:
        return self.filter(FILE_READERS.q(actor, organisation="organisation"))

    def of(self, subject: models.Model) -> VersionQuerySet:
        return self.filter(
            subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk
        )


class Version(models.Model):
    """One numbered version of a subject; frozen (snapshot + hash) once sent for signing."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    # Whose file the document belongs to: they sign as the employee.
    employee = models.ForeignKey(
        Employee, on_delete=models.RESTRICT, related_name="signed_versions"
    )
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    number = models.PositiveIntegerField(_("versie"))
    status = models.CharField(
        _("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    snapshot = models.JSONField(null=True, blank=True)
    content_hash = models.CharField(_("HMAC-SHA256"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    frozen_at = models.DateTimeField(null=True, blank=True)

    objects = VersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("versie")
        verbose_name_plural = _("versies")
        ordering = ["subject_type", "subject_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "number"], name="version_number_per_subject"
            )
        ]
        indexes = [models.Index(fields=["subject_type", "subject_id", "status"])]

    def __str__(self) -> str:
        return f"v{self.number} ({self.get_status_display()})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """The last line of defence in Python (the database has a trigger too): a sealed
        version's snapshot and hash never change, and it does not go back to being open."""
        loaded = getattr(self, "_loaded", None)
        if loaded is not None and loaded.status in SEALED and self._changed_since(loaded):
            raise VersionFrozen
        super().save(*args, **kwargs)
        self._loaded = self._seal()

    def _seal(self) -> _Loaded:
        fields = self.__dict__
        return _Loaded(
            fields.get("status"),
            fields.get("content_hash"),
            canonical_json(fields.get("snapshot")) if "snapshot" in fields else None,
        )

    def _changed_since(self, loaded: _Loaded) -> bool:
        """None in ``loaded``: that field was not read (deferred), so it is not compared."""
        now = self._seal()
        moved = now.status != loaded.status and not (
            loaded.status == VersionStatus.EMPLOYEE_SIGNED and now.status == VersionStatus.SIGNED
        )
        return any(
            (
                moved,
                loaded.content_hash is not None and now.content_hash != loaded.content_hash,
                loaded.snapshot is not None and now.snapshot != loaded.snapshot,
            )
        )

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        super().refresh_from_db(*args, **kwargs)
        self._loaded = self._seal()

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any) -> Version:
        instance = super().from_db(db, field_names, values)
        instance._loaded = instance._seal()
        return instance

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT

    @property
    def is_signed(self) -> bool:
        return self.status == VersionStatus.SIGNED

    def signature_of(self, party: str) -> Signature | None:
        """From the prefetched signatures when there are any (no query per version)."""
        return next((s for s in self.signatures.all() if s.party == party), None)

    @property
    def employee_signature(self) -> Signature | None:
        return self.signature_of(Party.EMPLOYEE)

    @property
    def manager_signature(self) -> Signature | None:
        return self.signature_of(Party.MANAGER)

    @property
    def signed_at(self) -> datetime.datetime | None:
        """Signed by both when the manager signed: from the signature, not kept twice."""
        signature = self.manager_signature if self.is_signed else None
        return signature.signed_at if signature else None

    @property
    def status_text(self) -> StatusText:
        from koers.signing.status import status_text

        return status_text(self.status)


class Signature(models.Model):
    """One party's paraaf on one frozen version: who, when, their choice and the hash signed."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="signatures")
    party = models.CharField(_("partij"), max_length=10, choices=Party.choices)
    choice = models.CharField(_("keuze"), max_length=12, choices=Choice.choices)
    remark = models.TextField(_("opmerking"), blank=True)
    signed_by = models.ForeignKey(
        Employee, on_delete=models.RESTRICT, related_name="+", verbose_name=_("getekend door")
    )
    signed_at = models.DateTimeField(_("getekend op"))
    signed_hash = models.CharField(_("getekende HMAC-SHA256"), max_length=64)
    # Signed on paper (an employee without a login, or anyone who prefers paper): the date
    # written on the printed version and the manager who entered it. ``signed_at`` is then
    # the moment it was entered; the hash is the same hash of the same frozen version.
    paper_date = models.DateField(_("op papier getekend op"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        Employee,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingevoerd door"),
    )

    class Meta:
        verbose_name = _("handtekening")
        verbose_name_plural = _("handtekeningen")
        ordering = ["version", "signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "party"], name="one_signature_per_party"),
            models.CheckConstraint(
                condition=Q(paper_date__isnull=True, recorded_by__isnull=True)
                | Q(paper_date__isnull=False, recorded_by__isnull=False, party="employee"),
                name="paper_signature_has_date_and_recorder",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_party_display()}: {self.get_choice_display()}"

    @property
    def is_on_paper(self) -> bool:
        return self.paper_date is not None

    @property
    def initials(self) -> str:
        person = self.signed_by
        return person.initials or f"{person.first_name[:1]}."
