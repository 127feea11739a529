"""The guided talk (Gesprek voeren, 004 with 003's structure): the manager's notes per phase,
the review of the previous plan, the agreements, and finishing the talk.

Agreements are the POP's development points (one source of truth): recording an agreement in
the talk writes a point into the draft plan linked to this conversation, through the plans
app. The POP page, the report and the SMART check all read the same rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone

from koers.access import policy
from koers.access.actor import Actor
from koers.audit import events as audit
from koers.conversations.actions import report as report_actions
from koers.conversations.models import (
    AgendaPoint,
    Conversation,
    PointReview,
    Status,
    TalkNotes,
    TemplatePhase,
)
from koers.conversations.talk import (
    PHASE_FIELDS,
    agreement_plan,
    is_editable,
    previous_plan,
    stored_reviews,
)
from koers.lib import concurrency
from koers.lib.errors import NotAllowed, Refused
from koers.lib.forms import require_plain_text
from koers.plans import actions as plans
from koers.plans.models import DevelopmentPoint


def _require(actor: Actor, conversation: Conversation) -> None:
    policy.require(actor, "conduct", conversation)
    if not is_editable(conversation):
        raise Refused("conversations.closed")


def _record(actor: Actor, verb: str, conversation: Conversation, **params: Any) -> None:
    audit.record(actor, verb, conversation, employee=conversation.employee, **params)


@transaction.atomic
def save_phase(
    actor: Actor,
    conversation: Conversation,
    phase: str,
    values: Mapping[str, Any],
    *,
    reviews: Mapping[int, tuple[str, str]] | None = None,
    discussed: Iterable[int] | None = None,
    expected_revision: int | None = None,
) -> TalkNotes:
    """004 phases: the manager's notes of one phase. ``reviews``: Evaluatie, per point of the
    previous plan (outcome, note). ``discussed``: Afsluiting, the agenda points that were
    discussed; the others are carried to the next talk. ``expected_revision``: the notes'
    revision when the page was loaded; a save on an older one is refused (``StaleEdit``)."""
    _require(actor, conversation)
    if phase not in TemplatePhase.Key.values:
        raise Refused("talk.unknown_phase")
    # The review notes come straight from the request, not through a form.
    require_plain_text(*(note for _outcome, note in (reviews or {}).values()))
    notes, created = TalkNotes.objects.get_or_create(conversation=conversation)
    allowed = PHASE_FIELDS.get(phase, ())
    writing = {name: value for name, value in values.items() if name in allowed}
    # The reviews and the discussed marks are part of the notes' revision: a stale save goes
    # through only when nothing of theirs would change either (a double submit, a retry).
    unchanged = _reviews_hold(conversation, reviews) and _discussed_hold(
        conversation, actor, discussed
    )
    concurrency.claim(
        notes, expected_revision, created=created, values=writing if unchanged else None
    )
    for name, value in values.items():
        if name in allowed:
            setattr(notes, name, value.strip() if isinstance(value, str) else value)
    notes.started_at = notes.started_at or timezone.now()
    try:
        notes.full_clean()
    except ValidationError as invalid:
        raise Refused("talk.invalid_notes") from invalid
    notes.save()
    if reviews is not None:
        _save_reviews(conversation, reviews)
    if discussed is not None:
        _mark_discussed(conversation, actor, set(discussed))
    _record(actor, "talk.phase_saved", conversation, phase=phase)
    return notes


def _reviews_hold(
    conversation: Conversation, reviews: Mapping[int, tuple[str, str]] | None
) -> bool:
    if not reviews:
        return True
    stored = stored_reviews(conversation)
    return all(
        stored.get(pk, ("", "")) == (outcome, note.strip())
        for pk, (outcome, note) in reviews.items()
    )


def _discussed_hold(
    conversation: Conversation, actor: Actor, discussed: Iterable[int] | None
) -> bool:
    if discussed is None:
        return True
    points = AgendaPoint.objects.visible_to(actor).filter(conversation=conversation)
    return set(points.filter(discussed=True).values_list("pk", flat=True)) == set(discussed)


def _save_reviews(conversation: Conversation, reviews: Mapping[int, tuple[str, str]]) -> None:
    plan = previous_plan(conversation)
    if plan is None:
        return
    points = {p.pk: p for p in plan.points.all()}
    for point_id, (outcome, note) in reviews.items():
        point = points.get(point_id)
        if point is None:
            continue
        PointReview.objects.update_or_create(
            conversation=conversation,
            point=point,
            defaults={"title": point.title[:200], "outcome": outcome, "note": note.strip()},
        )


def _mark_discussed(conversation: Conversation, actor: Actor, discussed: set[int]) -> None:
    """Only points the manager can see: the employee's private points stay undiscussed and
    come along to the next talk."""
    points = AgendaPoint.objects.visible_to(actor).filter(conversation=conversation)
    points.filter(pk__in=discussed).update(discussed=True)
    points.exclude(pk__in=discussed).update(discussed=False)


@transaction.atomic
def finish_talk(
    actor: Actor, conversation: Conversation, *, held_earlier: bool = False
) -> Conversation:
    """004 Afsluiting: the talk is held; the manager writes the report next (003). A talk is
    held on or after its date: finishing it before its start is refused, unless the manager
    confirms it was held earlier (``held_earlier``); then its start moves to today (it ended
    now, after its planned length) and the dossier log says so."""
    _require(actor, conversation)
    now = timezone.now()
    if conversation.starts_at > now:
        if not held_earlier:
            raise Refused(
                "talk.before_its_date",
                day=formats.date_format(timezone.localtime(conversation.starts_at).date()),
            )
        planned_on = timezone.localtime(conversation.starts_at).date()
        start_of_today = timezone.make_aware(
            datetime.datetime.combine(timezone.localdate(now), datetime.time.min)
        )
        conversation.starts_at = max(
            start_of_today, now - datetime.timedelta(minutes=conversation.duration_minutes)
        ).replace(second=0, microsecond=0)
        conversation.save(update_fields=["starts_at", "updated_at"])
        _record(actor, "talk.held_earlier", conversation, planned_on=planned_on)
    notes, _created = TalkNotes.objects.get_or_create(conversation=conversation)
    notes.started_at = notes.started_at or now
    notes.finished_at = now
    notes.save(update_fields=["started_at", "finished_at", "updated_at"])
    if conversation.status != Status.HELD:
        conversation.status = Status.HELD
        conversation.save(update_fields=["status", "updated_at"])
    _record(actor, "talk.finished", conversation)
    report_actions.start_report(actor, conversation)
    return conversation


@transaction.atomic
def save_agreement(
    actor: Actor,
    conversation: Conversation,
    point: DevelopmentPoint | None = None,
    *,
    expected_revision: int | None = None,
    **values: Any,
) -> DevelopmentPoint:
    """003 step 3 / 004: an agreement made in the talk, saved at once as a development point
    of the POP that comes from this talk (a draft plan, created with the first agreement).
    Saving is allowed while the SMART check still misses parts. ``expected_revision``: the
    point's revision when the form was loaded (``plans.save_point`` refuses an older one)."""
    _require(actor, conversation)
    if point is not None:
        if point.plan.conversation_id != conversation.pk:
            raise NotAllowed("conduct", "plans.developmentpoint")
        saved = plans.save_point(
            actor, point.plan, point, expected_revision=expected_revision, **values
        )
        _record(actor, "talk.agreement_saved", conversation, point=point.pk)
        return saved
    plan = agreement_plan(conversation) or plans.create_plan(
        actor, conversation.employee, conversation=conversation
    )
    [saved] = plans.adopt_agreements(actor, plan, [values])
    _record(actor, "talk.agreement_saved", conversation, point=saved.pk)
    return saved


@transaction.atomic
def remove_agreement(actor: Actor, conversation: Conversation, point: DevelopmentPoint) -> None:
    _require(actor, conversation)
    if point.plan.conversation_id != conversation.pk:
        raise NotAllowed("conduct", "plans.developmentpoint")
    pk = point.pk
    plans.remove_point(actor, point)
    _record(actor, "talk.agreement_removed", conversation, point=pk)
