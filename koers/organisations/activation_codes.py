"""The one-time activation code: made, spelled, normalised and hashed. Pure helpers, no models.

A code is 12 characters from an alphabet without look-alikes (no 0/O, 1/I/L), printed in
three groups (``KX7P-3MHD-R9TA``): 31 ** 12, about 59 bits. People may type it in lowercase,
with spaces or without the dashes. Koers stores two keyed hashes of it, never the code:

- ``lookup``: of the first group, to find the activation a typed code is meant for (and count
  wrong attempts against it) without trying every open activation;
- ``code_hash``: of the whole code, compared in constant time.

The key is derived from ``SECRET_KEY``: someone who reads the database cannot test guesses.
"""

from __future__ import annotations

import re
import secrets

from django.conf import settings

from koers.lib.canonical import keyed_hash, same_hash
from koers.lib.keys import derived_key

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
GROUP = 4
LENGTH = 3 * GROUP
_NOT_IN_CODE = re.compile(r"[\s\-_.·–—]+")


def new_code() -> str:
    """A fresh code from the operating system's random source, without dashes."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalised(typed: str) -> str:
    """What a person typed, as Koers compares it: capitals, no spaces or dashes."""
    return _NOT_IN_CODE.sub("", typed or "").upper()


def is_well_formed(code: str) -> bool:
    return len(code) == LENGTH and all(c in ALPHABET for c in code)


def grouped(code: str) -> str:
    """``KX7P3MHDR9TA`` → ``KX7P-3MHD-R9TA``: how the letter prints it."""
    code = normalised(code)
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def _key() -> str:
    return derived_key(settings.SECRET_KEY, "koers.organisations.activation-code")


def lookup_of(code: str) -> str:
    return keyed_hash({"lookup": normalised(code)[:GROUP]}, _key())


def hash_of(code: str) -> str:
    return keyed_hash({"code": normalised(code)}, _key())


def matches(code: str, code_hash: str) -> bool:
    return same_hash(hash_of(code), code_hash)
