"""The reader's notices: their list, newest first, and the unread count in the menu; only
those whose reason still holds (``NoticeQuerySet.current``)."""

from __future__ import annotations

from django.db.models import QuerySet

from koers.access.actor import Actor
from koers.access.views import visible
from koers.followup.models import Notice


def notices_for(actor: Actor) -> QuerySet[Notice]:
    return visible(Notice, actor).current().order_by("-created_at", "-pk")


def unread_count(actor: Actor) -> int:
    if actor.employee_id is None:
        return 0
    return visible(Notice, actor).current().unread().count()
