"""``koers check --deploy``: a production signing key of its own (docs/deployment.md)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register

from koers.lib.keys import derived_key


def derived_from_secret_key(secret_key: str) -> str:
    """The demo's signing key (koers.settings): an HMAC of a fixed label with the secret key."""
    return derived_key(secret_key, "koers.signing.content-hash")


@register(Tags.security, deploy=True)
def check_signing_key(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    if derived_from_secret_key(settings.SECRET_KEY) == settings.KOERS_SIGNING_KEY:
        return [
            Warning(
                "KOERS_SIGNING_KEY is not set: signed versions are sealed with a key derived "
                "from the secret key.",
                hint="Set KOERS_SIGNING_KEY to a random key of its own before the first "
                "signature; a later change needs `koers rehash_versions`.",
                id="koers.signing.W001",
            )
        ]
    return []
