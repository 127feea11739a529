"""Keys derived from another key: pure, importable from the settings."""

import hashlib
import hmac


def derived_key(secret_key: str, label: str) -> str:
    """A key for one purpose, derived from a secret: HMAC-SHA256 of a fixed label."""
    return hmac.new(secret_key.encode("utf-8"), label.encode("utf-8"), hashlib.sha256).hexdigest()
