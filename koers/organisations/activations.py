"""Making an activation and telling the person: helpers of the login actions (called inside
their transactions), not actions themselves.

The code exists in memory only while the letter is rendered or the mail is written
(``Issued``); the database keeps its hashes (``activation_codes``).
"""

from __future__ import annotations

import datetime
import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from koers.access.actor import Actor
from koers.access.roles import Role
from koers.organisations import activation_codes as codes
from koers.organisations.models import Activation, Employee

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Issued:
    """A new activation and its code, which is never stored: print it or mail it now."""

    activation: Activation
    code: str

    @property
    def grouped_code(self) -> str:
        return codes.grouped(self.code)

    def url(self, base_url: str) -> str:
        """The link (and the QR code) that opens the activation with the code filled in."""
        return absolute(base_url, reverse("activate-link", args=[self.code]))


def base_url_for(request_base_url: str) -> str:
    """``settings.KOERS_BASE_URL`` when set (Koers behind a proxy), else the request's."""
    return settings.KOERS_BASE_URL or request_base_url


def absolute(base_url: str, path: str) -> str:
    return base_url_for(base_url).rstrip("/") + path


def issue(actor: Actor, employee: Employee, channel: str) -> Issued:
    """A new activation for the employee's login; any open one is voided (replaced), so an
    older letter or link stops working."""
    now = timezone.now()
    # One issuer at a time per person, so that two clicks never leave two open codes.
    Employee.objects.select_for_update().filter(pk=employee.pk).first()
    void_open(employee, Activation.VoidReason.REPLACED, now)
    code = codes.new_code()
    activation = Activation.objects.create(
        organisation_id=employee.organisation_id,
        employee=employee,
        user_id=employee.user_id,
        granted_by_id=actor.employee_id,
        channel=channel,
        lookup=codes.lookup_of(code),
        code_hash=codes.hash_of(code),
        created_at=now,
        expires_at=valid_until(now),
    )
    return Issued(activation, code)


def valid_until(now: datetime.datetime) -> datetime.datetime:
    """The end of the last of ``Activation.VALID_DAYS`` whole days (local time): a letter can
    say "tot en met <date>" and mean it."""
    last_day = timezone.localdate(now) + datetime.timedelta(days=Activation.VALID_DAYS)
    return timezone.make_aware(
        datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time.min)
    )


def void_open(employee: Employee, reason: str, now: datetime.datetime | None = None) -> int:
    now = now or timezone.now()
    return employee.activations.open(now).update(voided_at=now, void_reason=reason)


def expiry_date(activation: Activation) -> datetime.date:
    """The last day on which the code works."""
    return activation.last_valid_day


def _send(employee: Employee, subject: Promise, template: str, context: dict) -> None:
    """One mail to the person, in their language. A mail server that fails does not undo the
    change (it is committed): HR sees that no link arrived and sends a new one."""
    language = getattr(employee.user, "language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        body = render_to_string(template, {"employee": employee, **context})
        message = EmailMessage(str(subject), body, settings.DEFAULT_FROM_EMAIL, [employee.email])
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        log.exception("activation mail to employee %s was not sent", employee.pk)


def mail_link(issued: Issued, base_url: str, *, reset: bool = False) -> None:
    """The one-time link by e-mail (after commit)."""
    employee = issued.activation.employee
    _send(
        employee,
        _("Uw toegang tot Koers is opnieuw ingesteld") if reset else _("Uw login voor Koers"),
        "organisations/emails/login_invitation.txt",
        {
            "user": issued.activation.user,
            "link": issued.url(base_url),
            "until": expiry_date(issued.activation),
            "reset": reset,
        },
    )


def mail_roles_changed(employee: Employee, granted: list[Role], revoked: list[Role]) -> None:
    """The person is told when their roles change (after commit)."""
    if not employee.email:
        return
    _send(
        employee,
        _("Uw rollen in Koers zijn gewijzigd"),
        "organisations/emails/roles_changed.txt",
        {"granted": granted, "revoked": revoked},
    )
