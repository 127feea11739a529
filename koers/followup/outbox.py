"""The outbox: due notices go in once (insert-ignore on the reason key), and each is delivered
once, by e-mail or in Koers only, as its recipient chose. ``koers remind`` runs
``run_reminders``; the course answer queues its notice here too.
"""

from __future__ import annotations

import datetime
import itertools
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from koers.followup.models import Channel, Notice
from koers.followup.notice_texts import NoticeTexts, recipient_language
from koers.followup.reminders.due import due_notices

logger = logging.getLogger(__name__)

BATCH = 1000


def queue(notices: Iterable[Notice]) -> int:
    """Insert-ignore on the unique reason key: a notice already there stays as it is."""
    rows = list(notices)
    Notice.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def pending(queryset: QuerySet[Notice] | None = None) -> QuerySet[Notice]:
    """Notices not yet delivered (no channel chosen yet)."""
    return (queryset or Notice.objects.all()).filter(channel="")


@dataclass
class RemindResult:
    considered: int = 0
    created: int = 0
    emailed: int = 0
    in_app: int = 0
    failed: int = 0


def queue_due_notices(
    now: object = None, notices: Iterable[Notice] | None = None
) -> tuple[int, int]:
    """Put every due notice in the outbox, in batches, each batch in its own transaction.
    Returns (considered, created)."""
    before = Notice.objects.count()
    considered = 0
    source = iter(notices if notices is not None else due_notices(now))  # type: ignore[arg-type]
    while batch := list(itertools.islice(source, BATCH)):
        considered += len(batch)
        with transaction.atomic():
            Notice.objects.bulk_create(batch, ignore_conflicts=True)
    return considered, Notice.objects.count() - before


def base_url() -> str:
    return (getattr(settings, "KOERS_BASE_URL", "") or "http://localhost:8000").rstrip("/")


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
    return EmailMessage(
        subject=_("Koers: %(what)s") % {"what": notice.get_kind_display()},
        body=body,
        to=[notice.recipient.email],
    )


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


def deliver(notices: Iterable[Notice], delivery: Delivery | None = None) -> Delivery:
    """Send each of these notices once. The run claims the rows it will send with one UPDATE
    (only rows still unclaimed and undelivered), then sends exactly the rows it claimed: two
    runs at the same time never send the same notice twice. A failed e-mail is released for
    the next run. A handful of queries per batch, not per notice."""
    delivery = delivery or Delivery()
    notices = list(notices)
    in_app = [n.pk for n in notices if _in_app_only(n)]
    by_mail = {n.pk: n for n in notices if n.pk not in set(in_app)}
    if in_app:
        delivery.in_app += Notice.objects.filter(pk__in=in_app, channel="", claim="").update(
            channel=Channel.IN_APP
        )
    if not by_mail:
        return delivery
    token = uuid.uuid4().hex
    Notice.objects.filter(pk__in=list(by_mail), channel="", claim="").update(
        claim=token, claimed_at=timezone.now()
    )
    mine = [by_mail[pk] for pk in Notice.objects.filter(claim=token).values_list("pk", flat=True)]
    texts = NoticeTexts(mine)
    sent: list[int] = []
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
            Notice.objects.filter(pk=notice.pk).update(
                claim="", claimed_at=None, send_error=str(exc)[:300]
            )
            delivery.failed += 1
    Notice.objects.filter(pk__in=sent).update(
        channel=Channel.EMAIL, sent_at=timezone.now(), claim="", send_error=""
    )
    delivery.emailed += len(sent)
    return delivery


def deliver_pending() -> Delivery:
    """Deliver every undelivered notice, a batch at a time (flat memory). A claim older than
    an hour (a run that died while sending) is released first."""
    Notice.objects.filter(
        channel="", claimed_at__lt=timezone.now() - datetime.timedelta(hours=1)
    ).update(claim="", claimed_at=None)
    delivery = Delivery()
    last_pk = 0
    while True:
        batch = list(
            pending()
            .filter(pk__gt=last_pk, claim="")
            .select_related("recipient__user__notification_preference")
            .order_by("pk")[:BATCH]
        )
        if not batch:
            return delivery
        deliver(batch, delivery)
        last_pk = batch[-1].pk


def run_reminders(now: object = None) -> RemindResult:
    """What ``koers remind`` does: compute what is due, queue it once, deliver it once.
    Safe to run every 15 minutes and twice at the same time."""
    considered, created = queue_due_notices(now)
    delivery = deliver_pending()
    return RemindResult(considered, created, delivery.emailed, delivery.in_app, delivery.failed)
