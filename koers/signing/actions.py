"""Signing's own action: moving the sealed versions to a new signing key
(``koers rehash_versions``). Signing and paper signatures are the documents' actions
(``koers.plans.actions``, ``koers.conversations.actions``) through ``signing.services``."""

from __future__ import annotations

from django.db import transaction

from koers.access import policy
from koers.access.actor import Actor
from koers.audit import events as audit
from koers.lib import canonical
from koers.organisations.models import Organisation
from koers.signing.models import Signature, Version
from koers.signing.sealing import Rehashed, content_hash, trigger_dropped


@transaction.atomic
def rehash_versions(actor: Actor, organisation: Organisation, old_key: str) -> Rehashed:
    """A new KOERS_SIGNING_KEY, for one organisation, as its system actor: every sealed
    version (and its signatures) that verifies under the old key gets the hash under the new
    one. A version that does not verify under the old key was changed; it keeps its hash, so
    that the check keeps saying so. One event with the counts. The command runs every
    organisation in one transaction: a key change is never half done."""
    policy.require(actor, "rehash_versions", organisation)
    done, wrong = 0, []
    versions = Version.objects.filter(organisation=organisation, snapshot__isnull=False).exclude(
        content_hash=""
    )
    with trigger_dropped():
        for pk, snapshot, stored in list(versions.values_list("pk", "snapshot", "content_hash")):
            old = canonical.keyed_hash(snapshot, old_key)
            if not canonical.same_hash(old, stored):
                wrong.append(pk)
                continue
            new = content_hash(snapshot)
            Signature.objects.filter(version_id=pk, signed_hash=old).update(signed_hash=new)
            Version.objects.filter(pk=pk).update(content_hash=new)
            done += 1
    if done or wrong:
        audit.record(
            actor, "versions.rehashed", organisation, rehashed=done, not_verifying=len(wrong)
        )
    return Rehashed(done, sorted(wrong))
