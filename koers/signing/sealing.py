"""What keeps a sealed version sealed: the keyed content hash, the check of a stored version
and the database trigger that refuses to change one.

Three lines of defence: ``Version.save`` refuses a change in Python, the trigger refuses an UPDATE
in the database (``QuerySet.update`` and raw SQL too), and ``check_version`` finds what got past
both (someone with the database to themselves): a snapshot that no longer has the HMAC it was
sealed with, under a key the database does not hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction

from koers.lib import canonical

if TYPE_CHECKING:
    from koers.signing.models import Version


def content_hash(data: Any) -> str:
    """003 dossier: the HMAC-SHA256 of exactly this content, keyed with KOERS_SIGNING_KEY."""
    return canonical.keyed_hash(data, settings.KOERS_SIGNING_KEY)


def verify(version: Version) -> bool:
    """003 dossier: the stored snapshot still has the hash it was frozen with, and every
    signature signed that hash."""
    if not version.content_hash or version.snapshot is None:
        return False
    if not canonical.same_hash(content_hash(version.snapshot), version.content_hash):
        return False
    return all(
        canonical.same_hash(s.signed_hash, version.content_hash) for s in version.signatures.all()
    )


@dataclass(frozen=True)
class Rehashed:
    rehashed: int
    not_verifying: list[int]


@transaction.atomic
def rehash(old_key: str) -> Rehashed:
    """A new KOERS_SIGNING_KEY: every version (and its signatures) that verifies under the old
    key gets the hash under the new one. A version that does not verify under the old key was
    changed; it keeps its hash, so that the check keeps saying so."""
    from koers.signing.models import Signature, Version

    done, wrong = 0, []
    versions = Version.objects.filter(snapshot__isnull=False).exclude(content_hash="")
    for version in versions.only("pk", "snapshot", "content_hash").order_by("pk").iterator():
        old = canonical.keyed_hash(version.snapshot, old_key)
        if not canonical.same_hash(old, version.content_hash):
            wrong.append(version.pk)
            continue
        new = content_hash(version.snapshot)
        Signature.objects.filter(version_id=version.pk, signed_hash=old).update(signed_hash=new)
        Version.objects.filter(pk=version.pk).update(content_hash=new)
        done += 1
    return Rehashed(done, wrong)
