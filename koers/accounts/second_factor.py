"""Who must have a second factor before using Koers (issue 10, item 2).

- Superusers (the provider's operators, Django's admin) always, unless the platform switches
  that off (``KOERS_SUPERUSER_SECOND_FACTOR=0``: the demo, whose ``admin`` is a superuser).
- HR and the org admin when their organisation's setting "tweede factor verplicht" is on
  (the default for a new organisation).
- Managers too when the organisation also switched on "ook voor leidinggevenden".

A second factor is an authenticator app (TOTP) or a security key / passkey (WebAuthn);
recovery codes alone are a way back in, not a factor of their own.
"""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.conf import settings

from koers.access.actor import Actor
from koers.access.roles import Role

FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def needs_second_factor(actor: Actor, user: Any) -> bool:
    """Whether this login must have a second factor, by role and organisation setting."""
    if user.is_superuser and settings.KOERS_SUPERUSER_SECOND_FACTOR:
        return True
    organisation = actor.organisation
    if organisation is None or not organisation.second_factor_required:
        return False
    if actor.has_role(Role.HR, Role.ORG_ADMIN):
        return True
    return organisation.second_factor_for_managers and actor.has_role(Role.MANAGER)


def has_second_factor(user: Any) -> bool:
    return Authenticator.objects.filter(user=user, type__in=FACTORS).exists()
