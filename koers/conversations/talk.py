"""State changes and reads of the guided talk (Gesprek voeren) and its agreements.

The manager walks the phases of the template: Opening → Evaluatie → Informatie uitwisselen →
Plannen → Afsluiting (004, with 003's structure). Notes are saved per phase, as often as the
manager likes, until the report goes out for signing.

Agreements are the POP's development points (one source of truth): recording an agreement in
the talk writes a point into the draft plan linked to this conversation, through
``koers.plans.actions.adopt_agreements``. The POP page, the report and the SMART check all
read the same rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.access import policy
from koers.conversations.models import (
    AgendaPoint,
    Answer,
    Audience,
    Conversation,
    PointReview,
    Status,
    TalkNotes,
    TemplatePhase,
)
from koers.lib.errors import NotAllowed
from koers.lib.registry import evaluation_notes
from koers.plans import actions as plans
from koers.plans import smart
from koers.plans.models import DevelopmentPlan, DevelopmentPoint

if TYPE_CHECKING:
    from koers.access.actor import Actor

Phase = TemplatePhase.Key

# What the manager writes in each phase (fields of TalkNotes).
PHASE_FIELDS: dict[str, tuple[str, ...]] = {
    Phase.OPENING: ("opening",),
    Phase.EVALUATION: ("evaluation",),
    Phase.INFORMATION: ("employee_wishes", "manager_adds"),
    Phase.PLANNING: (
        "options_inside",
        "options_other_function",
        "options_outside",
        "pros_cons",
        "obstacles",
        "blind_spots",
        "responsibilities",
    ),
    Phase.CLOSING: ("closing", "employee_score", "employee_comment", "next_date"),
}

# The talk can be written in while it is planned, being prepared or held; once the report
# has gone out for signing the notes are history.
TALK_STATUSES = (Status.PLANNED, Status.PREPARING, Status.HELD)


def may_conduct(actor: Actor, conversation: Conversation) -> bool:
    """The employee's current manager conducts the talk."""
    return policy.allows(actor, "conduct", conversation)


def is_editable(conversation: Conversation) -> bool:
    return conversation.status in TALK_STATUSES


def _require(actor: Actor, conversation: Conversation) -> None:
    policy.require(actor, "conduct", conversation)
    if not is_editable(conversation):
        raise ValidationError(_("Dit gesprek kan niet meer worden gewijzigd."), code="closed")


def notes_of(conversation: Conversation) -> TalkNotes:
    """The saved notes, or empty ones (not saved: reading writes nothing). Always read from
    the database: a cached ``conversation.talk_notes`` may be older than the last save."""
    notes = TalkNotes.objects.filter(conversation=conversation).first()
    return notes or TalkNotes(conversation=conversation)


# ---------------------------------------------------------------------------------------------
# Evaluatie: the previous plan


def previous_plan(conversation: Conversation) -> DevelopmentPlan | None:
    """004 Evaluatie: the employee's most recent POP from before this talk."""
    return (
        DevelopmentPlan.objects.filter(employee_id=conversation.employee_id)
        .exclude(conversation=conversation)
        .filter(period_start__lte=timezone.localtime(conversation.starts_at).date())
        .order_by("-period_start", "-pk")
        .first()
    )


@dataclass
class ReviewRow:
    point: DevelopmentPoint
    review: PointReview | None
    # 001 "Uitvoeren en voortgang volgen": the progress notes since the plan began.
    progress: list[Any] = field(default_factory=list)

    @property
    def outcome(self) -> str:
        return self.review.outcome if self.review else ""

    @property
    def note(self) -> str:
        return self.review.note if self.review else ""


def review_rows(conversation: Conversation, actor: Actor | None = None) -> list[ReviewRow]:
    """Each point of the previous plan with what was said about it in this talk and, for an
    actor who may read them, the progress notes written on it before the talk (004 Evaluatie)."""
    plan = previous_plan(conversation)
    if plan is None:
        return []
    reviews = {r.point_id: r for r in conversation.point_reviews.all()}
    progress: dict[int, list[Any]] = {}
    if actor is not None:
        for note in evaluation_notes(conversation.employee, actor, before=conversation.starts_at):
            progress.setdefault(note.point_id, []).append(note)
    return [
        ReviewRow(point, reviews.get(point.pk), progress.get(point.pk, []))
        for point in plan.points.all()
    ]


# ---------------------------------------------------------------------------------------------
# Saving a phase


@transaction.atomic
def save_phase(
    conversation: Conversation,
    actor: Actor,
    phase: str,
    values: Mapping[str, Any],
    *,
    reviews: Mapping[int, tuple[str, str]] | None = None,
    discussed: Iterable[int] | None = None,
) -> TalkNotes:
    """004 phases: the manager's notes of one phase. ``reviews``: Evaluatie, per point of the
    previous plan (outcome, note). ``discussed``: Afsluiting, the agenda points that were
    discussed; the others are carried to the next talk."""
    _require(actor, conversation)
    notes, _created = TalkNotes.objects.get_or_create(conversation=conversation)
    allowed = PHASE_FIELDS.get(phase, ())
    for name, value in values.items():
        if name in allowed:
            setattr(notes, name, value.strip() if isinstance(value, str) else value)
    notes.started_at = notes.started_at or timezone.now()
    notes.full_clean()
    notes.save()
    if reviews is not None:
        _save_reviews(conversation, reviews)
    if discussed is not None:
        _mark_discussed(conversation, actor, set(discussed))
    return notes


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
def finish_talk(conversation: Conversation, actor: Actor) -> Conversation:
    """004 Afsluiting: the talk is held; the manager writes the report next (003)."""
    from koers.conversations import reports

    _require(actor, conversation)
    notes, _created = TalkNotes.objects.get_or_create(conversation=conversation)
    now = timezone.now()
    notes.started_at = notes.started_at or now
    notes.finished_at = now
    notes.save(update_fields=["started_at", "finished_at", "updated_at"])
    if conversation.status != Status.HELD:
        conversation.status = Status.HELD
        conversation.save(update_fields=["status", "updated_at"])
    reports.start_report(conversation, actor)
    return conversation


# ---------------------------------------------------------------------------------------------
# Agreements = the POP's development points


def agreement_plan(conversation: Conversation) -> DevelopmentPlan | None:
    return (
        DevelopmentPlan.objects.filter(conversation=conversation).order_by("pk").first()
        if conversation.pk
        else None
    )


def agreements_of(conversation: Conversation) -> list[DevelopmentPoint]:
    return list(
        DevelopmentPoint.objects.filter(plan__conversation=conversation).order_by(
            "plan_id", "position", "pk"
        )
    )


@dataclass
class AgreementRow:
    point: DevelopmentPoint
    missing: list[str]

    @property
    def is_smart(self) -> bool:
        return not self.missing


def agreement_rows(conversation: Conversation) -> list[AgreementRow]:
    """Each agreement with what the SMART check still misses (empty: SMART)."""
    return [AgreementRow(p, smart.check(smart.values_of(p))) for p in agreements_of(conversation)]


@transaction.atomic
def save_agreement(
    conversation: Conversation,
    actor: Actor,
    point: DevelopmentPoint | None = None,
    **values: Any,
) -> DevelopmentPoint:
    """003 step 3 / 004: an agreement made in the talk, saved at once as a development point
    of the POP that comes from this talk (a draft plan, created with the first agreement).
    Saving is allowed while the SMART check still misses parts."""
    _require(actor, conversation)
    if point is not None:
        if point.plan.conversation_id != conversation.pk:
            raise NotAllowed("conduct", "plans.developmentpoint")
        return plans.save_point(actor, point.plan, point, **values)
    plan = agreement_plan(conversation) or plans.create_plan(
        actor, conversation.employee, conversation=conversation
    )
    [saved] = plans.adopt_agreements(actor, plan, [values])
    return saved


@transaction.atomic
def remove_agreement(conversation: Conversation, actor: Actor, point: DevelopmentPoint) -> None:
    _require(actor, conversation)
    if point.plan.conversation_id != conversation.pk:
        raise NotAllowed("conduct", "plans.developmentpoint")
    plans.remove_point(actor, point)


# ---------------------------------------------------------------------------------------------
# What the manager sees in the talk


def preparation_rows(conversation: Conversation, actor: Actor) -> dict[str, list[Any]]:
    """Informatie uitwisselen: the employee's shared answers first, then the manager's own,
    then the template's example questions. Unshared answers stay out (Answer.visible_to)."""
    questions = list(conversation.template.questions.all())
    answers = {
        a.question_id: a for a in Answer.objects.visible_to(actor).filter(conversation=conversation)
    }

    def rows(audience: str) -> list[tuple[Any, str]]:
        return [
            (q, answers[q.pk].text if q.pk in answers else "")
            for q in questions
            if q.audience == audience
        ]

    return {
        "employee": rows(Audience.EMPLOYEE) if conversation.is_shared else [],
        "manager": rows(Audience.MANAGER),
        "examples": [q for q in questions if q.audience == Audience.INFORMATION],
    }


def agenda_for(conversation: Conversation, actor: Actor) -> list[AgendaPoint]:
    """Opening: the agenda as the manager may see it — own points and the employee's shared
    ones (AgendaPoint.visible_to)."""
    return list(AgendaPoint.objects.visible_to(actor).filter(conversation=conversation))
