"""What an invitation says: the e-mail with its .ics, and the texts the letter and the
calendar entry share. Builds messages; sending and recording happen in ``actions.planning``."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from koers.conversations.ics import invitation_ics
from koers.conversations.models import Conversation, Invitation, Status
from koers.organisations.models import Employee


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
