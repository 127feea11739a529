"""Canonical JSON and the keyed hash: the same content always seals the same way."""

import datetime
from decimal import Decimal

from koers.lib import canonical


def test_canonical_json_does_not_depend_on_key_order():
    assert canonical.canonical_json({"a": 1, "b": [1, 2]}) == canonical.canonical_json(
        {"b": [1, 2], "a": 1}
    )
    assert canonical.canonical_json({"é": "ë"}) == '{"é":"ë"}'


def test_decimals_and_dates_are_text():
    data = {"cost": Decimal("320.00"), "on": datetime.date(2026, 3, 1)}
    assert canonical.normalised(data) == {"cost": "320.00", "on": "2026-03-01"}


def test_the_keyed_hash_needs_the_key():
    data = {"title": "Solderen"}
    sealed = canonical.keyed_hash(data, "sleutel")
    assert len(sealed) == 64
    assert sealed == canonical.keyed_hash({"title": "Solderen"}, b"sleutel")
    assert sealed != canonical.keyed_hash(data, "andere sleutel")
    assert sealed != canonical.plain_sha256(data)
    assert canonical.same_hash(sealed, canonical.keyed_hash(data, "sleutel"))
    assert not canonical.same_hash(sealed, canonical.plain_sha256(data))
