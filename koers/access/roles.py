"""The roles a person can have in an organisation."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    EMPLOYEE = "employee", _("medewerker")
    MANAGER = "manager", _("leidinggevende")
    HR = "hr", _("HR")
    ORG_ADMIN = "org_admin", _("beheerder")
