"""Canonical JSON and its SHA-256: one spelling for the same content, so a hash can be checked
again later (signed versions, the audit chain)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder


def canonical_json(data: Any) -> str:
    """Sorted keys, no spaces, UTF-8, Decimal as text."""
    return json.dumps(
        data, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


def content_hash(data: Any) -> str:
    return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()
