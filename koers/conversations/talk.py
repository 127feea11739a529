"""Reads of the guided talk (Gesprek voeren) and its agreements; the changes are in
``koers.conversations.actions.talk``.

The manager walks the phases of the template: Opening → Evaluatie → Informatie uitwisselen →
Plannen → Afsluiting (004, with 003's structure). Notes are saved per phase, as often as the
manager likes, until the report goes out for signing. Agreements are the POP's development
points of the plan linked to the talk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from koers.access import policy
from koers.conversations.models import (
    AgendaPoint,
    Answer,
    Audience,
    Conversation,
    PointReview,
    Status,
    TalkNotes,
    TalkRating,
    TemplatePhase,
)
from koers.lib.registry import evaluation_notes
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
    # The employee's own mark of the talk is theirs to give afterwards (TalkRating).
    Phase.CLOSING: ("closing", "next_date"),
}

# The talk can be written in while it is planned, being prepared or held; once the report
# has gone out for signing the notes are history.
TALK_STATUSES = (Status.PLANNED, Status.PREPARING, Status.HELD)


def may_conduct(actor: Actor, conversation: Conversation) -> bool:
    """The employee's current manager conducts the talk."""
    return policy.allows(actor, "conduct", conversation)


def is_editable(conversation: Conversation) -> bool:
    return conversation.status in TALK_STATUSES


def notes_of(conversation: Conversation) -> TalkNotes:
    """The saved notes, or empty ones (not saved: reading writes nothing). Always read from
    the database: a cached ``conversation.talk_notes`` may be older than the last save."""
    notes = TalkNotes.objects.filter(conversation=conversation).first()
    return notes or TalkNotes(conversation=conversation)


# 004 Afsluiting: held, or its report out for signing — the employee may still answer or
# change what they thought of the talk; once both signed it is history like the report.
RATING_STATUSES = (Status.HELD, Status.REPORTED)


def may_rate(conversation: Conversation) -> bool:
    """The talk is held and its report is not signed yet."""
    return conversation.status in RATING_STATUSES


def rating_of(conversation: Conversation) -> TalkRating | None:
    """The employee's answer (or one the manager typed before Koers asked the employee)."""
    return TalkRating.objects.filter(conversation=conversation).first()


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


def stored_reviews(conversation: Conversation) -> dict[int, tuple[str, str]]:
    """The Evaluatie reviews as stored now, per point of the previous plan: (outcome, note)."""
    return {
        point_id: (outcome, note)
        for point_id, outcome, note in PointReview.objects.filter(
            conversation=conversation, point__isnull=False
        ).values_list("point_id", "outcome", "note")
    }


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
