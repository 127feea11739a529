"""Every reminder rule, in the order a run computes them, and what one run finds due."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator

from django.utils import timezone

from koers.followup.models import Notice
from koers.followup.reminders.activities import (
    due_activities_over_time,
    due_course_checks,
    due_courses_not_started,
)
from koers.followup.reminders.common import team_managers
from koers.followup.reminders.signatures import due_signatures
from koers.followup.reminders.talks import (
    due_conversations,
    due_invitation_unanswered,
    due_preparation_not_shared,
)

DUE: tuple[Callable[..., Iterator[Notice]], ...] = (
    due_invitation_unanswered,
    due_preparation_not_shared,
    due_signatures,
    due_courses_not_started,
    due_course_checks,
    due_activities_over_time,
    due_conversations,
)


def due_notices(now: datetime.datetime | None = None) -> Iterator[Notice]:
    """Every notice that is due now and not yet in the outbox, one chunk at a time."""
    now = now or timezone.now()
    context = {"now": now, "today": timezone.localdate(now), "managers": team_managers()}
    for due in DUE:
        yield from due(**context)
