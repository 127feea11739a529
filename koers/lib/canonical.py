"""Canonical JSON and the keyed hash that seals it: pure helpers, no models.

One spelling for the same content (sorted keys, no spaces, UTF-8, Decimal and dates as text), so
that the same document always gives the same hash. The hash is an HMAC-SHA256 with a secret key:
someone who can only write to the database cannot compute a hash that matches content they
changed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder


def canonical_json(data: Any) -> str:
    """Sorted keys, no spaces, UTF-8, Decimal and dates as text."""
    return json.dumps(
        data, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


def normalised(data: Any) -> Any:
    """The data as it reads back from canonical JSON (what a JSON column stores)."""
    return json.loads(canonical_json(data))


def keyed_hash(data: Any, key: str | bytes) -> str:
    """HMAC-SHA256 of the canonical JSON, as 64 hex digits."""
    secret = key.encode("utf-8") if isinstance(key, str) else key
    return hmac.new(secret, canonical_json(data).encode("utf-8"), hashlib.sha256).hexdigest()


def plain_sha256(data: Any) -> str:
    """The unkeyed SHA-256 of the canonical JSON: how versions were hashed before the HMAC."""
    return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()


def same_hash(a: str, b: str) -> bool:
    """Compare two hashes in constant time."""
    return hmac.compare_digest(a.encode("ascii", "replace"), b.encode("ascii", "replace"))
