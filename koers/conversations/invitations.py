"""What an invitation says (the e-mail with its .ics, and the texts the letter and the
calendar entry share), and how it is sent: each e-mail invitation is an outbox entry.

``actions.planning`` records the invitation in the talk's transaction; after the commit
``send_soon`` tries it once, and ``koers remind`` (``deliver_due``, called by the outbox of
koers.followup) tries what is still unsent, with exponential back-off. A mail server that is
down never fails the planning: the talk is saved and shows "nog niet verstuurd" until the
invitation goes out. Like the outbox's notices, an invitation is claimed before it is sent,
so two runs never send it twice. This module reads and mails; its writes (claim, sent or
failed with the back-off, release) are the actions of ``actions.invitations``, as the
organisation's system actor.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from koers.access.actor import Actor
from koers.conversations.actions import invitations as actions
from koers.conversations.ics import invitation_ics
from koers.conversations.models import Conversation, Invitation, Status
from koers.organisations.models import Employee, Organisation

logger = logging.getLogger(__name__)

# A claim older than this belongs to a run that died while sending.
STALE_CLAIM = datetime.timedelta(hours=1)


def recipient_language(employee: Employee) -> str:
    """The employee reads the invitation in their own language, not the manager's."""
    user = employee.user if employee.user_id else None
    return getattr(user, "language", "") or settings.LANGUAGE_CODE


def prepare_url(conversation: Conversation, base_url: str) -> str:
    return base_url.rstrip("/") + reverse("conversation-prepare", args=[conversation.pk])


def invitation_context(conversation: Conversation, base_url: str) -> dict:
    return {
        "conversation": conversation,
        "organisation": conversation.organisation,
        "employee": conversation.employee,
        "manager": conversation.manager,
        "prepare_url": prepare_url(conversation, base_url),
        "cancelled": conversation.status == Status.CANCELLED,
    }


def invitation_description(conversation: Conversation, base_url: str) -> str:
    return render_to_string(
        "conversations/email/ics_description.txt", invitation_context(conversation, base_url)
    ).strip()


def invitation_email(conversation: Conversation, kind: str, base_url: str) -> EmailMessage:
    with translation.override(recipient_language(conversation.employee)):
        return _invitation_email(conversation, kind, base_url)


def _invitation_email(conversation: Conversation, kind: str, base_url: str) -> EmailMessage:
    context = invitation_context(conversation, base_url) | {"kind": kind}
    subjects = {
        Invitation.Kind.INVITE: _("Uitnodiging: %(type)s op %(date)s"),
        Invitation.Kind.UPDATE: _("Gewijzigd: %(type)s op %(date)s"),
        Invitation.Kind.CANCEL: _("Afgezegd: %(type)s op %(date)s"),
    }
    local = timezone.localtime(conversation.starts_at)
    subject = subjects[kind] % {
        "type": conversation.conversation_type.name,
        "date": local.strftime("%d-%m-%Y %H:%M"),
    }
    message = EmailMessage(
        subject=subject,
        body=render_to_string("conversations/email/invitation.txt", context),
        to=[conversation.employee.email],
        reply_to=[conversation.manager.email] if conversation.manager.email else None,
    )
    method = "CANCEL" if kind == Invitation.Kind.CANCEL else "REQUEST"
    message.attach(
        "uitnodiging.ics",
        invitation_ics(conversation, description=invitation_description(conversation, base_url)),
        f"text/calendar; method={method}; charset=utf-8",
    )
    return message


# --- sending: the outbox of invitations ------------------------------------------------------


@dataclass
class Sent:
    emailed: int = 0
    failed: int = 0


def due(now: datetime.datetime | None = None) -> QuerySet[Invitation]:
    """E-mail invitations not yet sent whose (next) attempt is due."""
    return Invitation.objects.filter(
        channel=Invitation.Channel.EMAIL,
        sent_at__isnull=True,
        next_attempt_at__lte=now or timezone.now(),
    )


def deliver(invitations: Iterable[Invitation], result: Sent | None = None) -> Sent:
    """Send these invitations once each. Per organisation: claim the unsent, unclaimed rows
    with one UPDATE, send exactly those; a failure counts an attempt and sets the next one
    (back-off). ``invitation.conversation`` is read (select it with the batch)."""
    result = result or Sent()
    per_organisation: dict[int, list[Invitation]] = defaultdict(list)
    for invitation in invitations:
        per_organisation[invitation.conversation.organisation_id].append(invitation)
    for rows in per_organisation.values():
        _deliver(rows[0].conversation.organisation, rows, result)
    return result


def _deliver(organisation: Organisation, invitations: list[Invitation], result: Sent) -> None:
    actor = Actor.for_system(organisation.pk)
    token = uuid.uuid4().hex
    if not actions.claim_invitations(actor, organisation, invitations, token):
        return
    mine = Invitation.objects.filter(claim=token).select_related(
        "conversation__employee__user",
        "conversation__manager",
        "conversation__organisation",
        "conversation__conversation_type",
    )
    sent: list[Invitation] = []
    failed: list[tuple[Invitation, str]] = []
    connection = None
    for invitation in mine.order_by("pk"):
        try:
            connection = connection or get_connection()
            message = invitation_email(
                invitation.conversation, invitation.kind, invitation.base_url or _base_url()
            )
            message.to = [invitation.recipient or invitation.conversation.employee.email]
            message.connection = connection
            message.send()
        except Exception as exc:  # any mail error: tried again later
            logger.warning("invitation %s not sent: %s", invitation.pk, exc)
            failed.append((invitation, f"{type(exc).__name__}: {exc}"))
        else:
            sent.append(invitation)
    actions.mark_invitations_sent(actor, organisation, sent=sent, failed=failed)
    result.emailed += len(sent)
    result.failed += len(failed)


def send_soon(invitation: Invitation) -> None:
    """After the planning's commit: try at once; a failure is left for ``deliver_due``."""
    try:
        deliver([invitation])
    except Exception:  # the database itself: the next run tries (the row says when)
        logger.exception("invitation %s: first attempt not recorded", invitation.pk)


def deliver_due(now: datetime.datetime | None = None) -> Sent:
    """What ``koers remind`` runs: every invitation whose attempt is due, in batches."""
    now = now or timezone.now()
    claimed_before = now - STALE_CLAIM
    stale = (
        Invitation.objects.filter(sent_at__isnull=True, claimed_at__lt=claimed_before)
        .order_by()
        .values_list("conversation__organisation_id", flat=True)
        .distinct()
    )
    for organisation in Organisation.objects.filter(pk__in=list(stale)).order_by("pk"):
        actions.release_stale_invitations(
            Actor.for_system(organisation.pk), organisation, claimed_before
        )
    result = Sent()
    last_pk = 0
    while batch := list(
        due(now)
        .filter(pk__gt=last_pk, claim="")
        .select_related("conversation__organisation")
        .order_by("pk")[:200]
    ):
        deliver(batch, result)
        last_pk = batch[-1].pk
    return result


def _base_url() -> str:
    return (getattr(settings, "KOERS_BASE_URL", "") or "http://localhost:8000").rstrip("/")
