"""django-allauth, the Koers way: sign in by username, nobody signs up, Dutch messages."""

from __future__ import annotations

import time
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

QUIET_MESSAGES = frozenset({"account/messages/logged_in.txt", "account/messages/logged_out.txt"})
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

    def add_message(
        self,
        request: HttpRequest,
        level: int,
        message_template: str | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        """Koers does not say "you are signed in / out": the page shows it."""
        if message_template in QUIET_MESSAGES:
            return
        super().add_message(request, level, message_template, *args, **kwargs)

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """Adding or removing a second factor asks for the password again, except in the
        first minutes after signing in with it: someone sent to enrol right after the login
        is not asked twice."""
        if app == "allauth.mfa" and _signed_in_within(account_settings.REAUTHENTICATION_TIMEOUT):
            return False
        return super().is_reauthentication_required(app=app, **kwargs)


def _signed_in_within(seconds: int) -> bool:
    request = context.request
    if request is None or not request.user.is_authenticated:
        return False
    records = get_authentication_records(request, request.user)
    return any(
        r.get("method") == "password" and time.time() - r.get("at", 0) < seconds for r in records
    )


class MFAAdapter(DefaultMFAAdapter):
    """The authenticator app and the passkey say "Koers", not the server's address."""

    error_messages = {**DefaultMFAAdapter.error_messages, "rate_limited": TOO_MANY_ATTEMPTS}

    def get_public_key_credential_rp_entity(self) -> dict[str, Any]:
        entity = super().get_public_key_credential_rp_entity()
        return {**entity, "name": "Koers"}
