"""Choices of the organisation's settings that audit events name (no models: the verbs
module imports them)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SecondFactorRule(models.TextChoices):
    """Who in an organisation must sign in with a second factor (superusers always do)."""

    NOBODY = "nobody", _("niemand")
    HR_AND_ADMINS = "hr_admins", _("HR en beheerders")
    HR_ADMINS_AND_MANAGERS = "hr_admins_managers", _("HR, beheerders en leidinggevenden")
