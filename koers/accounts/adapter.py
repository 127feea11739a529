"""django-allauth, the Koers way: sign in by username, nobody signs up, Dutch messages."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

TOO_MANY_ATTEMPTS = _("Te veel pogingen. Probeer het over 15 minuten opnieuw.")


class AccountAdapter(DefaultAccountAdapter):
    """Logins are given by HR or the org admin (an activation), never made by a visitor."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": TOO_MANY_ATTEMPTS,
        "username_password_mismatch": _(
            "Gebruikersnaam of wachtwoord klopt niet. Probeer het opnieuw."
        ),
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False


class MFAAdapter(DefaultMFAAdapter):
    """The authenticator app and the passkey say "Koers", not the server's address."""

    error_messages = {**DefaultMFAAdapter.error_messages, "rate_limited": TOO_MANY_ATTEMPTS}

    def get_public_key_credential_rp_entity(self) -> dict[str, Any]:
        entity = super().get_public_key_credential_rp_entity()
        return {**entity, "name": "Koers"}
