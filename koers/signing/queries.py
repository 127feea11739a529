"""Set-based reads about versions, for lists that show or filter on a document's state."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import OuterRef, Subquery

from koers.signing.models import Version


def latest_status(model: type[models.Model], subject_id: Any = None) -> Subquery:
    """The status of the newest version of each row (a subquery; ``subject_id`` defaults to
    the row's pk). A document's state is derived from its versions, never stored beside them."""
    versions = Version.objects.filter(
        subject_type__app_label=model._meta.app_label,
        subject_type__model=model._meta.model_name,
        subject_id=OuterRef("pk") if subject_id is None else subject_id,
    ).order_by("-number")
    return Subquery(versions.values("status")[:1], output_field=models.CharField())
