"""The writes of the invitations' outbox (001 step 1 Informeren): an e-mail invitation is
claimed by the run that sends it, marked sent, or counted as a failed attempt with its next
attempt set (back-off), and a claim of a run that died is released. The loop that sends is
``koers.conversations.invitations`` (after the planning's commit, and in every ``koers
remind``); every write it makes is one of these.

Each takes the organisation's system actor (``Actor.for_system``), checks
``send_invitations`` on the organisation, and handles one batch of that organisation in one
transaction with at most one audit event, whose parameters are the counts.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from koers.access import policy
from koers.access.actor import Actor
from koers.audit import events as audit
from koers.conversations.models import Invitation
from koers.lib.errors import NotAllowed
from koers.organisations.models import Organisation

# Back-off: 5 minutes after the first failure, doubling, at most 6 hours apart; after
# MAX_ATTEMPTS Koers stops trying and the talk page says so (print the letter instead).
FIRST_RETRY = datetime.timedelta(minutes=5)
LONGEST_WAIT = datetime.timedelta(hours=6)
MAX_ATTEMPTS = 10


def _retry_delay(attempts: int) -> datetime.timedelta:
    """How long after the ``attempts``-th failure Koers tries again."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_WAIT)


def _require_own(organisation: Organisation, invitations: Iterable[Invitation]) -> None:
    """A system actor acts for its own organisation's invitations only."""
    if any(i.conversation.organisation_id != organisation.pk for i in invitations):
        raise NotAllowed("send_invitations", "conversations.invitation")


@transaction.atomic
def claim_invitations(
    actor: Actor, organisation: Organisation, invitations: Sequence[Invitation], token: str
) -> int:
    """Claim these invitations for this run (``token``): only e-mail invitations still
    unsent and unclaimed, with one UPDATE, so two runs (or a run and the planning's first
    try) never send one twice. Returns how many it claimed; one ``invitations.claimed``
    event when any."""
    policy.require(actor, "send_invitations", organisation)
    audit.lock_chain(organisation.pk)  # the chain first: one lock order on PostgreSQL
    _require_own(organisation, invitations)
    claimed = Invitation.objects.filter(
        pk__in=[i.pk for i in invitations],
        channel=Invitation.Channel.EMAIL,
        sent_at__isnull=True,
        claim="",
    ).update(claim=token, claimed_at=timezone.now())
    if claimed:
        audit.record(actor, "invitations.claimed", organisation, count=claimed)
    return claimed


@transaction.atomic
def mark_invitations_sent(
    actor: Actor,
    organisation: Organisation,
    *,
    sent: Sequence[Invitation],
    failed: Sequence[tuple[Invitation, str]],
) -> None:
    """After sending what this run claimed: the ``sent`` invitations are sent; each of the
    ``failed`` ones (with its mail error) counts an attempt and gets its next one, 5 minutes
    after the first failure and doubling, at most 6 hours apart, none after the tenth. One
    ``invitations.emailed`` event."""
    policy.require(actor, "send_invitations", organisation)
    audit.lock_chain(organisation.pk)  # the chain first: one lock order on PostgreSQL
    _require_own(organisation, [*sent, *(invitation for invitation, _error in failed)])
    now = timezone.now()
    if sent:
        Invitation.objects.filter(pk__in=[i.pk for i in sent]).update(
            claim="",
            claimed_at=None,
            sent_at=now,
            attempts=F("attempts") + 1,
            next_attempt_at=None,
            send_error="",
        )
    for invitation, error in failed:
        invitation.attempts += 1
        invitation.next_attempt_at = (
            now + _retry_delay(invitation.attempts) if invitation.attempts < MAX_ATTEMPTS else None
        )
        invitation.claim, invitation.claimed_at = "", None
        invitation.send_error = error[:300]
    if failed:
        Invitation.objects.bulk_update(
            [invitation for invitation, _error in failed],
            ["claim", "claimed_at", "attempts", "next_attempt_at", "send_error"],
        )
    if sent or failed:
        audit.record(
            actor, "invitations.emailed", organisation, emailed=len(sent), failed=len(failed)
        )


@transaction.atomic
def release_stale_invitations(
    actor: Actor, organisation: Organisation, claimed_before: datetime.datetime
) -> int:
    """A claim made before ``claimed_before`` belongs to a run that died while sending: the
    organisation's unsent invitations it holds are released, for this run to send. One
    ``invitations.released`` event when there were any."""
    policy.require(actor, "send_invitations", organisation)
    audit.lock_chain(organisation.pk)  # the chain first: one lock order on PostgreSQL
    stale = Invitation.objects.filter(sent_at__isnull=True, claimed_at__lt=claimed_before)
    pks = list(stale.filter(conversation__organisation=organisation).values_list("pk", flat=True))
    # The UPDATE itself has no join: its conditions are checked again on a row that another
    # run changed meanwhile (a join would make them a subquery of the old rows).
    released = stale.filter(pk__in=pks).update(claim="", claimed_at=None) if pks else 0
    if released:
        audit.record(actor, "invitations.released", organisation, count=released)
    return released
