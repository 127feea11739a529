"""A person's "klopt niet" (AVG art. 16): what they say is wrong in their data, for HR."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.access.relations import AS_HR, OWN
from koers.organisations.models import Employee, Organisation
from koers.privacy.choices import CorrectableField, CorrectionStatus

if TYPE_CHECKING:
    from koers.access.actor import Actor

# Who reads a request: the person who made it, and HR of the organisation.
REQUEST_READERS = OWN | AS_HR


class CorrectionRequestQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> CorrectionRequestQuerySet:
        return self.filter(REQUEST_READERS.q(actor, "employee", "organisation"))

    def open(self) -> CorrectionRequestQuerySet:
        return self.filter(status=CorrectionStatus.OPEN)


class CorrectionRequest(models.Model):
    """One field the person says is wrong, with what it should be; HR corrects it (on the
    person's record, through the normal edit) or explains why not."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    employee = models.ForeignKey(
        Employee,
        on_delete=models.CASCADE,
        related_name="correction_requests",
        verbose_name=_("medewerker"),
    )
    field = models.CharField(_("gegeven"), max_length=40, choices=CorrectableField.choices)
    proposed = models.TextField(_("wat het moet zijn"), max_length=500)
    status = models.CharField(
        _("stand"), max_length=16, choices=CorrectionStatus.choices, default=CorrectionStatus.OPEN
    )
    created_at = models.DateTimeField(_("gevraagd op"), default=timezone.now)
    handled_by = models.ForeignKey(
        Employee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afgehandeld door"),
    )
    handled_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    answer = models.TextField(_("toelichting van HR"), max_length=500, blank=True)

    objects = CorrectionRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("correctieverzoek")
        verbose_name_plural = _("correctieverzoeken")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "status", "created_at"]),
            models.Index(fields=["employee", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.field} ({self.status})"
