"""The calendar invitation (.ics, RFC 5545 / iTIP) for a conversation.

One stable UID per conversation; each change raises SEQUENCE so calendars replace the old
entry; a cancellation is METHOD:CANCEL with STATUS:CANCELLED.
"""

from __future__ import annotations

import datetime
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress

from koers.conversations.models import Conversation, Status


def organizer_address(conversation: Conversation) -> str:
    """The manager's address; Koers's own sender when the manager has none."""
    return conversation.manager.email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def calendar_uid(conversation: Conversation) -> str:
    return f"conversation-{conversation.uid}@koers"


def invitation_ics(conversation: Conversation, *, description: str) -> bytes:
    cancelled = conversation.status == Status.CANCELLED
    calendar = Calendar()
    calendar.add("prodid", "-//Koers//Gesprekken//NL")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")

    event = Event()
    event.add("uid", calendar_uid(conversation))
    event.add("sequence", conversation.sequence)
    event.add("dtstamp", timezone.now())
    # UTC needs no VTIMEZONE block; every calendar shows it in the reader's own zone.
    event.add("dtstart", conversation.starts_at.astimezone(datetime.UTC))
    event.add("dtend", conversation.ends_at.astimezone(datetime.UTC))
    event.add(
        "summary", f"{conversation.conversation_type.name}: {conversation.employee.full_name}"
    )
    event.add("location", conversation.place)
    event.add("description", description)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add(
        "organizer",
        vCalAddress.new(
            organizer_address(conversation), cn=conversation.manager.full_name, role="CHAIR"
        ),
    )
    if conversation.employee.email:
        event.add(
            "attendee",
            vCalAddress.new(
                conversation.employee.email,
                cn=conversation.employee.full_name,
                role="REQ-PARTICIPANT",
                partstat="NEEDS-ACTION",
                rsvp=True,
            ),
        )
    calendar.add_component(event)
    return calendar.to_ical()
