"""The fields a person can say are wrong ("klopt niet", AVG art. 16), as codes that audit
events and notices name: every personal field of the employee record, and "something else"
(a line in a POP or a report, a wrong team)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.organisations.models import ALL_OPTIONAL_FIELDS, Employee, Organisation

# The record's fields a person reads on "Mijn gegevens", in this order; optional ones only
# when the organisation keeps them.
SHOWN = (
    "first_name",
    "name_prefix",
    "last_name",
    "initials",
    "email",
    "function",
    "hours_per_week",
    "in_service_since",
    "contract_type",
    "education_level",
    "street",
    "postcode",
    "city",
    "private_phone",
    "birth_date",
    "birthplace",
    "gender",
    "nationality",
)
OTHER = "other"

CorrectableField = models.TextChoices(
    "CorrectableField",
    [
        *[(name.upper(), (name, Employee._meta.get_field(name).verbose_name)) for name in SHOWN],
        ("OTHER", (OTHER, _("iets anders"))),
    ],
)


class CorrectionStatus(models.TextChoices):
    OPEN = "open", _("wacht op HR")
    CORRECTED = "corrected", _("aangepast")
    DECLINED = "declined", _("niet aangepast")


def shown_fields(organisation: Organisation) -> list[str]:
    """The record's fields this organisation keeps, for "Mijn gegevens"."""
    kept = set(organisation.kept_optional_fields())
    return [name for name in SHOWN if name not in ALL_OPTIONAL_FIELDS or name in kept]
