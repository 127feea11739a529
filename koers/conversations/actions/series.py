"""Trajectories (004: "soms beslaat een loopbaangesprek een traject van een gesprek of
vier"): a series of 2–4 talks on one theme, planned in one go, with its own summary."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from koers.access import once, policy
from koers.access.actor import Actor
from koers.audit import events as audit
from koers.conversations.actions.planning import plan_conversation
from koers.conversations.models import ConversationType, Trajectory
from koers.lib import concurrency
from koers.lib.errors import Refused, register_messages
from koers.lib.forms import require_plain_text
from koers.organisations.models import Employee

register_messages(
    {
        "series.talk_count": _("Een traject heeft 2, 3 of 4 gesprekken."),
        "series.weeks_between": _("Kies 1 tot en met 12 weken tussen de gesprekken."),
        "series.theme": _("Schrijf op waar het traject over gaat."),
    }
)

MAX_WEEKS_BETWEEN = 12


@transaction.atomic
def plan_series(
    actor: Actor,
    *,
    employee: Employee,
    conversation_type: ConversationType,
    theme: str,
    talk_count: int,
    first_starts_at: datetime.datetime,
    weeks_between: int,
    duration_minutes: int,
    place: str,
    short_notice_confirmed: bool = False,
    base_url: str,
    send_email: bool = True,
    token: str = "",
) -> Trajectory:
    """004: the manager plans the whole series at once, each talk ``weeks_between`` weeks
    after the one before at the same hour; the employee gets an invitation for each. Once
    per form (``token``). A talk that clashes with one already planned refuses the series:
    nothing is planned."""
    policy.require(actor, "plan_conversation", employee)
    theme = theme.strip()
    require_plain_text(theme)
    if not theme:
        raise Refused("series.theme")
    if not Trajectory.MIN_TALKS <= talk_count <= Trajectory.MAX_TALKS:
        raise Refused("series.talk_count")
    if not 1 <= weeks_between <= MAX_WEEKS_BETWEEN:
        raise Refused("series.weeks_between")

    def make() -> Trajectory:
        trajectory = Trajectory.objects.create(
            organisation_id=employee.organisation_id,
            employee=employee,
            theme=theme,
            talk_count=talk_count,
            created_by=actor.employee,
        )
        audit.record(actor, "series.planned", trajectory, employee=employee, talk_count=talk_count)
        for number in range(talk_count):
            plan_conversation(
                actor,
                employee=employee,
                conversation_type=conversation_type,
                starts_at=first_starts_at + datetime.timedelta(weeks=weeks_between * number),
                duration_minutes=duration_minutes,
                place=place,
                # Only the first talk can be close; the two-weeks rule is about that one.
                short_notice_confirmed=short_notice_confirmed or number > 0,
                base_url=base_url,
                send_email=send_email,
                trajectory=trajectory,
            )
        return trajectory

    return once.make_once(actor, token, Trajectory, make)


@transaction.atomic
def save_series_summary(
    actor: Actor, trajectory: Trajectory, summary: str, *, expected_revision: int | None = None
) -> Trajectory:
    """The series' own short summary, shown on the POP. The employee's current manager
    writes it; a save on an older revision is refused (``StaleEdit``)."""
    policy.require(actor, "summarise", trajectory)
    require_plain_text(summary)
    summary = summary.strip()
    concurrency.claim(trajectory, expected_revision, values={"summary": summary})
    trajectory.summary = summary
    trajectory.save()
    audit.record(actor, "series.summarised", trajectory, employee=trajectory.employee)
    return trajectory
