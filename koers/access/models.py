"""The one model of the access layer: a one-time form token, spent by what it made."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Submission(models.Model):
    """A create form carries a one-time token (``koers.access.once``). The first submission
    with it records it here, in the same transaction as the row it makes; a second one finds
    it and gets that row back. The unique token makes two at the same time wait for each
    other: the second fails on the index and then finds the first's row."""

    token = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=100)  # app_label.model_name of what it made
    organisation_id = models.BigIntegerField(null=True)
    employee_id = models.BigIntegerField(null=True)
    object_id = models.BigIntegerField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("formulierverzending")
        verbose_name_plural = _("formulierverzendingen")

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"
