"""What keeps a sealed version sealed: the keyed content hash, the check of a stored version
and the database trigger that refuses to change one.

Three lines of defence: ``Version.save`` refuses a change in Python, the trigger refuses an UPDATE
in the database (``QuerySet.update`` and raw SQL too), and ``check_version`` finds what got past
both (someone with the database to themselves): a snapshot that no longer has the HMAC it was
sealed with, under a key the database does not hold.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from koers.access.actor import Actor
from koers.audit import events as audit
from koers.lib import canonical

if TYPE_CHECKING:
    from koers.signing.models import Version

logger = logging.getLogger(__name__)


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
class VerificationResult:
    """What a reader is told about the version in front of them."""

    version: Version | None
    # None: nothing frozen to check (a draft, or no version at all).
    intact: bool | None

    @property
    def altered(self) -> bool:
        return self.intact is False


def check_version(actor: Actor | None, version: Version | None) -> VerificationResult:
    """Every read path (the document's page, its PDFs, HR's personnel file, the versions and
    their downloads) checks the version it shows here, so that a version changed after
    signing is said plainly, every time, and recorded once per reading."""
    if version is None or version.snapshot is None:
        return VerificationResult(version, None)
    if verify(version):
        return VerificationResult(version, True)
    logger.warning(
        "signing: version %s (v%s in the file of employee %s) does not verify",
        version.pk,
        version.number,
        version.employee_id,
    )
    if not getattr(version, "_failure_recorded", False):
        reader = actor if actor is not None and actor.organisation_id else None
        audit.record(
            reader or Actor.for_system(version.organisation_id),
            "version.verification_failed",
            version,
            employee=version.employee,
            number=version.number,
        )
        version._failure_recorded = True  # type: ignore[attr-defined]
    return VerificationResult(version, False)


@dataclass(frozen=True)
class Rehashed:
    rehashed: int
    not_verifying: list[int]


# The trigger of migration 0004, for tests and tools that must write a sealed version behind its
# back (and put the trigger back in the same transaction). A change here needs a new migration.
TRIGGER = "signing_version_sealed"
_SEALED = "('employee_signed', 'signed', 'correction')"
CREATE_TRIGGER = {
    "sqlite": [
        f"""
        CREATE TRIGGER {TRIGGER}
        BEFORE UPDATE OF snapshot, content_hash, status ON signing_version
        FOR EACH ROW
        WHEN OLD.status IN {_SEALED}
          AND (NEW.snapshot IS NOT OLD.snapshot
               OR NEW.content_hash IS NOT OLD.content_hash
               OR (NEW.status IS NOT OLD.status
                   AND NOT (OLD.status = 'employee_signed' AND NEW.status = 'signed')))
        BEGIN
          SELECT RAISE(ABORT, 'signing_version: a sealed version does not change');
        END
        """
    ],
    "postgresql": [
        f"""
        CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger AS $$
        BEGIN
          IF OLD.status IN {_SEALED}
             AND (NEW.snapshot IS DISTINCT FROM OLD.snapshot
                  OR NEW.content_hash IS DISTINCT FROM OLD.content_hash
                  OR (NEW.status IS DISTINCT FROM OLD.status
                      AND NOT (OLD.status = 'employee_signed' AND NEW.status = 'signed'))) THEN
            RAISE EXCEPTION 'signing_version %: a sealed version does not change', OLD.id
              USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          RETURN NEW;
        END
        $$ LANGUAGE plpgsql
        """,
        f"""
        CREATE TRIGGER {TRIGGER}
        BEFORE UPDATE OF snapshot, content_hash, status ON signing_version
        FOR EACH ROW EXECUTE FUNCTION {TRIGGER}()
        """,
    ],
}
DROP_TRIGGER = {
    "sqlite": [f"DROP TRIGGER IF EXISTS {TRIGGER}"],
    "postgresql": [f"DROP TRIGGER IF EXISTS {TRIGGER} ON signing_version"],
}


@contextlib.contextmanager
def trigger_dropped(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Inside one transaction: the trigger off, then on again. For the re-hash after a new key,
    and for tests that change a sealed version the way only someone with the database could."""
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for statement in DROP_TRIGGER[connection.vendor]:
            cursor.execute(statement)
        yield
        for statement in CREATE_TRIGGER[connection.vendor]:
            cursor.execute(statement)
