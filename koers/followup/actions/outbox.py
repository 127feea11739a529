"""The outbox's writes (002 step 4, 001 "voortgang volgen"): what ``koers remind`` queues,
delivers in Koers, claims for e-mail, marks sent, releases, and records per run. The loop that
reads, chunks and mails is ``koers.followup.outbox``; every write it makes is one of these.

Each takes the organisation's system actor (``Actor.for_system``), checks ``remind`` on the
organisation, and handles one batch of that organisation in one transaction with at most one
audit event, whose parameters are the counts: never an event per notice (the chain is one
per organisation, and a first run over 100,000 people makes 70,000 notices). A batch is
committed before a mail goes out, so every other run sees its claims.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from koers.access import policy
from koers.access.actor import Actor
from koers.audit import events as audit
from koers.followup.models import Channel, Notice
from koers.lib.errors import NotAllowed
from koers.organisations.models import Organisation


def _require_own(organisation: Organisation, notices: Iterable[Notice]) -> None:
    """A system actor acts for its own organisation's notices only."""
    if any(notice.organisation_id != organisation.pk for notice in notices):
        raise NotAllowed("remind", "followup.notice")


@transaction.atomic
def queue_notices(actor: Actor, organisation: Organisation, notices: Sequence[Notice]) -> int:
    """Put these due notices of the organisation in the outbox, each reason once however
    often and however concurrently it runs (insert-ignore on the unique reason key). Returns
    how many were new; one ``notices.queued`` event when any was."""
    policy.require(actor, "remind", organisation)
    _require_own(organisation, notices)
    # The chain first: a notice made on an event (inside ``audit.record``, which holds the
    # chain) may have the same reason as one of these, and would wait for this insert.
    audit.lock_chain(organisation.pk)
    top = Notice.objects.aggregate(top=Max("pk"))["top"] or 0
    Notice.objects.bulk_create(notices, ignore_conflicts=True)
    # Ignored rows get no pk; the new ones are above the highest before the insert.
    created = Notice.objects.filter(pk__gt=top, organisation=organisation).count()
    if created:
        audit.record(
            actor, "notices.queued", organisation, considered=len(notices), created=created
        )
    return created


@dataclass
class Claimed:
    """What ``claim_notices`` did: delivered in Koers only, and claimed for e-mail."""

    in_app: int = 0
    by_email: list[int] = field(default_factory=list)  # the pks this run (only) claimed


@transaction.atomic
def claim_notices(
    actor: Actor,
    organisation: Organisation,
    token: str,
    *,
    in_app: Sequence[int] = (),
    by_email: Sequence[int] = (),
) -> Claimed:
    """The notices of recipients who read them in Koers only are delivered there; those to
    be e-mailed are claimed for this run (``token``). Both touch only rows still undelivered
    and unclaimed, each in one UPDATE, so two runs never claim or deliver the same notice.
    One ``notices.claimed`` event when anything changed."""
    policy.require(actor, "remind", organisation)
    audit.lock_chain(organisation.pk)  # the chain first: one lock order on PostgreSQL
    undelivered = Notice.objects.filter(organisation=organisation, channel="", claim="")
    delivered = undelivered.filter(pk__in=list(in_app)).update(channel=Channel.IN_APP)
    claimed: list[int] = []
    if by_email:
        undelivered.filter(pk__in=list(by_email)).update(claim=token, claimed_at=timezone.now())
        claimed = list(Notice.objects.filter(claim=token).values_list("pk", flat=True))
    if delivered or claimed:
        audit.record(actor, "notices.claimed", organisation, in_app=delivered, claimed=len(claimed))
    return Claimed(in_app=delivered, by_email=claimed)


@transaction.atomic
def mark_emailed(
    actor: Actor,
    organisation: Organisation,
    *,
    sent: Sequence[int],
    failed: Mapping[int, str],
) -> None:
    """After sending what this run claimed: the ``sent`` notices are delivered by e-mail;
    the ``failed`` ones (pk -> the mail error) are released with their error, and the next
    run tries them again. One ``notices.emailed`` event."""
    policy.require(actor, "remind", organisation)
    audit.lock_chain(organisation.pk)  # the chain first: one lock order on PostgreSQL
    ours = Notice.objects.filter(organisation=organisation)
    by_error: dict[str, list[int]] = defaultdict(list)
    for pk, error in failed.items():
        by_error[error[:300]].append(pk)
    for error, pks in by_error.items():
        ours.filter(pk__in=pks).update(claim="", claimed_at=None, send_error=error)
    if sent:
        ours.filter(pk__in=list(sent)).update(
            channel=Channel.EMAIL, sent_at=timezone.now(), claim="", send_error=""
        )
    if sent or failed:
        audit.record(actor, "notices.emailed", organisation, emailed=len(sent), failed=len(failed))


@transaction.atomic
def release_stale_claims(
    actor: Actor, organisation: Organisation, claimed_before: datetime.datetime
) -> int:
    """A claim made before ``claimed_before`` belongs to a run that died while sending: its
    undelivered notices are released, for this run to send. One ``notices.released`` event
    when there were any."""
    policy.require(actor, "remind", organisation)
    audit.lock_chain(organisation.pk)  # the chain first: one lock order on PostgreSQL
    released = Notice.objects.filter(
        organisation=organisation, channel="", claimed_at__lt=claimed_before
    ).update(claim="", claimed_at=None)
    if released:
        audit.record(actor, "notices.released", organisation, count=released)
    return released


# --- what a run did ------------------------------------------------------------------------


@dataclass
class RunCounts:
    """What one ``koers remind`` run did for one organisation."""

    considered: int = 0
    created: int = 0
    emailed: int = 0
    in_app: int = 0
    failed: int = 0


@transaction.atomic
def record_reminder_run(actor: Actor, organisation: Organisation, counts: RunCounts) -> None:
    """One event per organisation per run, with the counts (never one per notice). The
    outbox has queued and delivered the notices batch by batch, each batch committed before
    a mail goes out (so a notice is claimed once and never mailed twice)."""
    policy.require(actor, "remind", organisation)
    audit.lock_chain(organisation.pk)  # the chain first: one lock order on PostgreSQL
    audit.record(
        actor,
        "reminders.run",
        organisation,
        considered=counts.considered,
        created=counts.created,
        emailed=counts.emailed,
        in_app=counts.in_app,
        failed=counts.failed,
    )


@transaction.atomic
def queue_in_app(actor: Actor, organisation: Organisation, notices: Iterable[Notice]) -> int:
    """Demo data: these due notices of the organisation go into the outbox as in-app
    notices only (demo data mails nobody). Returns how many were new."""
    policy.require(actor, "remind", organisation)
    audit.lock_chain(organisation.pk)  # the chain first: one lock order on PostgreSQL
    rows = [n for n in notices if n.organisation_id == organisation.pk]
    before = Notice.objects.filter(organisation=organisation).count()
    Notice.objects.bulk_create(rows, ignore_conflicts=True)
    created = Notice.objects.filter(organisation=organisation).count() - before
    in_app = Notice.objects.filter(organisation=organisation, channel="").update(
        channel=Channel.IN_APP
    )
    record_reminder_run(
        actor, organisation, RunCounts(considered=len(rows), created=created, in_app=in_app)
    )
    return created
