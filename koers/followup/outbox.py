"""The outbox: due notices go in once (insert-ignore on the reason key), and each is delivered
once, by e-mail or in Koers only, as its recipient chose. ``koers remind`` runs
``run_reminders``: it queues and delivers batch by batch, in flat memory, and counts per
organisation. This module reads, chunks and mails; every write it makes is an action of
``koers.followup.actions.outbox``, as the organisation's system actor, one batch of one
organisation per transaction (committed before a mail goes out) with one event of counts,
and at the end ``record_reminder_run``: one event per organisation per run. The e-mail
invitations of planned talks are outbox entries of the conversations app (``Invitation``,
below this app); each run sends those that are due too
(``koers.conversations.invitations.deliver_due``, with back-off).
"""

from __future__ import annotations

import datetime
import itertools
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from koers.access.actor import Actor
from koers.conversations import invitations
from koers.followup.actions import outbox as actions
from koers.followup.actions.outbox import RunCounts
from koers.followup.models import Channel, Notice, NoticeKind
from koers.followup.notice_texts import NoticeTexts, recipient_language
from koers.followup.reminders.due import due_notices
from koers.organisations.models import Organisation
from koers.signing import documents, sealing
from koers.signing.models import Version, VersionStatus

logger = logging.getLogger(__name__)

BATCH = 1000
# A claim older than this belongs to a run that died while sending.
STALE_CLAIM = datetime.timedelta(hours=1)


def pending(queryset: QuerySet[Notice] | None = None) -> QuerySet[Notice]:
    """Notices not yet delivered (no channel chosen yet)."""
    return (queryset or Notice.objects.all()).filter(channel="")


Tally = dict[int, RunCounts]  # organisation id -> what the run did there


def _tally() -> Tally:
    return defaultdict(RunCounts)


class _Organisations(dict[int, Organisation]):
    """The organisations a run acts for, each read once."""

    def __missing__(self, pk: int) -> Organisation:
        self[pk] = organisation = Organisation.objects.get(pk=pk)
        return organisation


def _per_organisation(notices: Iterable[Notice]) -> dict[int, list[Notice]]:
    rows: dict[int, list[Notice]] = defaultdict(list)
    for notice in notices:
        rows[notice.organisation_id].append(notice)
    return rows


@dataclass
class RemindResult:
    considered: int = 0
    created: int = 0
    emailed: int = 0
    in_app: int = 0
    failed: int = 0
    by_organisation: Tally = field(default_factory=_tally)
    invitations: invitations.Sent = field(default_factory=invitations.Sent)


def queue_due_notices(
    now: object = None, notices: Iterable[Notice] | None = None, tally: Tally | None = None
) -> tuple[int, int]:
    """Put every due notice in the outbox, in batches, each batch of each organisation in its
    own transaction (``actions.queue_notices``). Returns (considered, created); ``tally``
    gets the same per organisation."""
    tally = tally if tally is not None else _tally()
    organisations = _Organisations()
    considered = created = 0
    source = iter(notices if notices is not None else due_notices(now))  # type: ignore[arg-type]
    while batch := list(itertools.islice(source, BATCH)):
        considered += len(batch)
        for organisation_id, rows in _per_organisation(batch).items():
            new = actions.queue_notices(
                Actor.for_system(organisation_id), organisations[organisation_id], rows
            )
            tally[organisation_id].considered += len(rows)
            tally[organisation_id].created += new
            created += new
    return considered, created


def base_url() -> str:
    """Where Koers is served, for the links in e-mail (``KOERS_BASE_URL``; ``make demo`` sets
    it to the address it serves)."""
    return (getattr(settings, "KOERS_BASE_URL", "") or "http://localhost:8000").rstrip("/")


def _signed_copy(notice: Notice) -> tuple[str, bytes] | None:
    """003 "de werknemer ontvangt een kopie": the signed version's PDF (file name, bytes),
    rendered when it is mailed; None when the version is gone."""
    version = Version.objects.filter(pk=notice.subject_id, status=VersionStatus.SIGNED).first()
    if version is None:
        return None
    document = documents.document_of(version.subject)
    response = document.pdf(None, version, sealing.check_version(None, version))  # type: ignore[arg-type]
    disposition = response.get("Content-Disposition", "")
    name = disposition.split('filename="')[-1].rstrip('"') if "filename=" in disposition else ""
    return (name or f"koers-v{version.number}.pdf", response.content)


def _email(notice: Notice, texts: NoticeTexts) -> EmailMessage:
    """The e-mail for one notice, in the active language (``deliver`` makes it the
    recipient's)."""
    body = "\n\n".join(
        [
            _("Beste %(name)s,") % {"name": notice.recipient.first_name},
            texts.text(notice),
            base_url() + notice.link,
            _(
                "U krijgt dit bericht van Koers. In Koers onder 'Meldingen' kiest u of u "
                "meldingen ook per e-mail wilt krijgen."
            ),
        ]
    )
    message = EmailMessage(
        subject=_("Koers: %(what)s") % {"what": notice.get_kind_display()},
        body=body,
        to=[notice.recipient.email],
    )
    if notice.kind == NoticeKind.SIGNED_COPY:
        copy = _signed_copy(notice)
        if copy is not None:
            message.attach(copy[0], copy[1], "application/pdf")
    return message


def _in_app_only(notice: Notice) -> bool:
    recipient = notice.recipient
    if not recipient.email:
        return True
    user = recipient.user
    preference = getattr(user, "notification_preference", None) if user else None
    return preference is not None and preference.channel == Channel.IN_APP


@dataclass
class Delivery:
    emailed: int = 0
    in_app: int = 0
    failed: int = 0
    connection: Any = None
    by_organisation: Tally = field(default_factory=_tally)
    organisations: _Organisations = field(default_factory=_Organisations)


def deliver(notices: Iterable[Notice], delivery: Delivery | None = None) -> Delivery:
    """Send each of these notices once. Per organisation, the run claims the rows it will
    send with one UPDATE (only rows still unclaimed and undelivered), then sends exactly the
    rows it claimed: two runs at the same time never send the same notice twice. A failed
    e-mail is released for the next run. A handful of queries per batch, not per notice."""
    delivery = delivery or Delivery()
    for organisation_id, rows in _per_organisation(notices).items():
        _deliver(delivery.organisations[organisation_id], rows, delivery)
    return delivery


def _deliver(organisation: Organisation, notices: list[Notice], delivery: Delivery) -> None:
    actor = Actor.for_system(organisation.pk)
    counts = delivery.by_organisation[organisation.pk]
    in_app = {notice.pk for notice in notices if _in_app_only(notice)}
    by_mail = {n.pk: n for n in notices if n.pk not in in_app}
    claimed = actions.claim_notices(
        actor, organisation, uuid.uuid4().hex, in_app=sorted(in_app), by_email=list(by_mail)
    )
    delivery.in_app += claimed.in_app
    counts.in_app += claimed.in_app
    mine = [by_mail[pk] for pk in claimed.by_email]
    if not mine:
        return
    texts = NoticeTexts(mine)
    sent: list[int] = []
    failed: dict[int, str] = {}
    for notice in mine:
        try:
            delivery.connection = delivery.connection or get_connection()
            # Each e-mail in its recipient's language (Dutch without a login).
            with translation.override(recipient_language(notice.recipient)):
                message = _email(notice, texts)
            message.connection = delivery.connection
            message.send()
            sent.append(notice.pk)
        except Exception as exc:  # any mail error: the next run retries
            logger.warning("notice %s not sent: %s", notice.pk, exc)
            failed[notice.pk] = str(exc)
    actions.mark_emailed(actor, organisation, sent=sent, failed=failed)
    delivery.emailed += len(sent)
    delivery.failed += len(failed)
    counts.emailed += len(sent)
    counts.failed += len(failed)


def deliver_pending() -> Delivery:
    """Deliver every undelivered notice, a batch at a time (flat memory). A claim older than
    an hour (a run that died while sending) is released first."""
    delivery = Delivery()
    claimed_before = timezone.now() - STALE_CLAIM
    stale = (
        Notice.objects.filter(channel="", claimed_at__lt=claimed_before)
        .order_by()
        .values_list("organisation_id", flat=True)
        .distinct()
    )
    for organisation_id in sorted(stale):
        organisation = delivery.organisations[organisation_id]
        actions.release_stale_claims(
            Actor.for_system(organisation_id), organisation, claimed_before
        )
    last_pk = 0
    while True:
        # A notice whose reason no longer holds is not sent (it stays undelivered, unseen).
        batch = list(
            pending()
            .current()
            .filter(pk__gt=last_pk, claim="")
            .select_related("recipient__user__notification_preference")
            .order_by("pk")[:BATCH]
        )
        if not batch:
            return delivery
        deliver(batch, delivery)
        last_pk = batch[-1].pk


def run_reminders(now: object = None) -> RemindResult:
    """What ``koers remind`` does: compute what is due, queue it once, deliver it once, and
    record per organisation, as its system actor, what it did there (nothing to do: no event).
    Safe to run every 15 minutes and twice at the same time."""
    tally = _tally()
    considered, created = queue_due_notices(now, tally=tally)
    delivery = deliver_pending()
    # The invitations of planned talks are outbox entries too (koers.conversations).
    sent_invitations = invitations.deliver_due()
    for organisation_id, counts in delivery.by_organisation.items():
        tally[organisation_id].emailed += counts.emailed
        tally[organisation_id].in_app += counts.in_app
        tally[organisation_id].failed += counts.failed
    organisations = Organisation.objects.in_bulk(list(tally))
    for organisation_id, counts in sorted(tally.items()):
        if organisation_id in organisations:
            actions.record_reminder_run(
                Actor.for_system(organisation_id), organisations[organisation_id], counts
            )
    return RemindResult(
        considered,
        created,
        delivery.emailed,
        delivery.in_app,
        delivery.failed,
        tally,
        sent_invitations,
    )
