"""Issue 10 item 9: a mail server that fails while planning costs no 500 and no lost
invitation: the talk is saved, says "nog niet verstuurd", and ``koers remind`` sends it later,
with back-off."""

import datetime
import smtplib

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.urls import reverse

from koers.conversations import invitations
from koers.conversations.actions import invitations as invitation_actions
from koers.conversations.models import Conversation, Invitation
from koers.conversations.tests.conftest import plan_form
from koers.testing import default_types

pytestmark = pytest.mark.django_db

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


class FailingBackend(BaseEmailBackend):
    """A mail server that refuses every message."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


FAILING = f"{__name__}.FailingBackend"


@pytest.fixture
def planned_while_mail_is_down(
    settings, login_as, demo, kees, now, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = FAILING
    client = login_as("manager")
    data = plan_form(
        f"employee-{kees.pk}",
        (now + datetime.timedelta(days=21)).date(),
        conversation_type=default_types(demo)[0].pk,
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("conversation-plan"), data)
    return client, response


def _invitations_sent() -> list:
    """The invitation e-mails in the test outbox (``koers remind`` sends reminders too)."""
    return [m for m in mail.outbox if m.attachments]


def _page(client, talk) -> str:
    return client.get(reverse("conversation-detail", args=[talk.pk])).content.decode()


def test_planning_while_the_mail_server_fails_saves_the_talk_and_says_not_sent(
    planned_while_mail_is_down, kees
):
    client, response = planned_while_mail_is_down
    talk = Conversation.objects.get(employee=kees)
    assert response.status_code == 302
    assert response["Location"] == reverse("conversation-detail", args=[talk.pk])
    invitation = talk.invitations.get()
    assert invitation.sent_at is None and invitation.attempts == 1
    assert "SMTPServerDisconnected" in invitation.send_error
    assert "Nog niet verstuurd" in _page(client, talk)


def test_the_next_outbox_run_sends_it_and_the_talk_says_sent(
    planned_while_mail_is_down, settings, kees, now
):
    client, _response = planned_while_mail_is_down
    talk = Conversation.objects.get(employee=kees)
    settings.EMAIL_BACKEND = LOCMEM
    mail.outbox = []
    # Back-off: not again within the first five minutes...
    call_command("remind", verbosity=0)
    assert _invitations_sent() == []
    # ...then the outbox run (koers remind) sends it.
    with time_machine.travel(now + datetime.timedelta(minutes=6), tick=False):
        call_command("remind", verbosity=0)
    [message] = _invitations_sent()
    assert message.to == [kees.email]
    assert message.attachments[0][0].endswith(".ics")
    invitation = talk.invitations.get()
    assert invitation.sent_at is not None and invitation.next_attempt_at is None
    page = _page(client, talk)
    assert "Uitnodiging verstuurd op" in page
    assert "Nog niet verstuurd" not in page
    # Sent once: a later run sends nothing again.
    with time_machine.travel(now + datetime.timedelta(hours=1), tick=False):
        call_command("remind", verbosity=0)
    assert len(_invitations_sent()) == 1


def test_failures_back_off_and_end(planned_while_mail_is_down, kees, now):
    invitation = Invitation.objects.get(conversation__employee=kees)
    waits = []
    moment = now
    while invitation.next_attempt_at is not None:
        waits.append(invitation.next_attempt_at - moment)
        moment = invitation.next_attempt_at
        with time_machine.travel(moment, tick=False):
            invitations.deliver_due()
        invitation.refresh_from_db()
    assert waits[:4] == [datetime.timedelta(minutes=m) for m in (5, 10, 20, 40)]
    assert max(waits) == invitation_actions.LONGEST_WAIT
    assert invitation.attempts == invitation_actions.MAX_ATTEMPTS
    assert invitation.gave_up


def test_two_runs_at_once_send_an_invitation_once(planned_while_mail_is_down, settings, kees, now):
    """A claimed invitation is not sent by a second run."""
    settings.EMAIL_BACKEND = LOCMEM
    mail.outbox = []
    invitation = Invitation.objects.get(conversation__employee=kees)
    Invitation.objects.filter(pk=invitation.pk).update(claim="another-run")
    with time_machine.travel(now + datetime.timedelta(minutes=6), tick=False):
        invitations.deliver_due()
    assert mail.outbox == []


def test_only_the_organisations_system_actor_sends_invitations(
    planned_while_mail_is_down, demo, kees, sanne, now
):
    """The outbox's writes are actions: the manager, or another organisation's system
    actor, claims, marks and releases nothing."""
    from koers.access.actor import Actor
    from koers.audit.models import AuditEvent
    from koers.lib.errors import NotAllowed
    from koers.organisations.actors import actor_for
    from koers.organisations.models import Organisation

    invitation = Invitation.objects.select_related("conversation").get(conversation__employee=kees)
    other = Organisation.objects.exclude(pk=demo.pk).first()
    events = AuditEvent.objects.count()
    for actor in (actor_for(sanne), Actor.for_system(other.pk)):
        with pytest.raises(NotAllowed):
            invitation_actions.claim_invitations(actor, demo, [invitation], "run")
        with pytest.raises(NotAllowed):
            invitation_actions.mark_invitations_sent(actor, demo, sent=[invitation], failed=[])
        with pytest.raises(NotAllowed):
            invitation_actions.release_stale_invitations(actor, demo, now)
    with pytest.raises(NotAllowed):  # its own actor, another organisation's invitation
        invitation_actions.claim_invitations(Actor.for_system(other.pk), other, [invitation], "x")
    assert AuditEvent.objects.count() == events
    stored = Invitation.objects.get(pk=invitation.pk)
    assert (stored.claim, stored.sent_at, stored.attempts) == ("", None, 1)


def test_a_failed_first_try_is_logged_as_counts(planned_while_mail_is_down, demo, kees):
    from koers.audit.models import AuditEvent

    events = AuditEvent.objects.filter(organisation=demo, verb__startswith="invitations.")
    assert [(e.verb, e.params) for e in events.order_by("seq")] == [
        ("invitations.claimed", {"count": 1}),
        ("invitations.emailed", {"emailed": 0, "failed": 1}),
    ]
    assert all(e.actor_id is None and e.employee_id is None for e in events)
