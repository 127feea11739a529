"""Reading trajectories (004): the talks of a series and each talk's number in it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from koers.access.actor import Actor
from koers.conversations.models import Conversation, Status, Trajectory


@dataclass(frozen=True)
class Place:
    """ "Gesprek 2 van 4": a talk's number in its series, of its talks (cancelled ones not
    counted)."""

    number: int
    count: int
    trajectory: Trajectory


def series_talks(trajectory: Trajectory, actor: Actor) -> list[Conversation]:
    """The series' talks the actor may see, in order, each with ``series_number`` (cancelled
    talks have none: they do not count)."""
    talks = with_series_number(
        Conversation.objects.visible_to(actor).filter(trajectory=trajectory)
    ).select_related("conversation_type")
    return list(talks.order_by("starts_at", "pk"))


def _number() -> Subquery:
    """Per talk of a series: how many of the series' talks that are not cancelled start at or
    before it (its own number); None for a single talk or a cancelled one."""
    return Subquery(
        Conversation.objects.filter(trajectory_id=OuterRef("trajectory_id"))
        .exclude(status=Status.CANCELLED)
        .filter(Q(starts_at__lt=OuterRef("starts_at")) | Q(pk=OuterRef("pk")))
        .order_by()
        .values("trajectory_id")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )


def _total() -> Subquery:
    """Per talk of a series: how many talks the series has (the cancelled ones not counted)."""
    return Subquery(
        Conversation.objects.filter(trajectory_id=OuterRef("trajectory_id"))
        .exclude(status=Status.CANCELLED)
        .order_by()
        .values("trajectory_id")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )


def with_series_number(talks: QuerySet[Conversation]) -> QuerySet[Conversation]:
    """Annotate ``series_number`` (1-based) and ``series_total`` on every talk of a series;
    subqueries, not one query per row. ``trajectory`` is joined for its theme."""
    return talks.select_related("trajectory").annotate(
        series_number=_number(), series_total=_total()
    )


def place_of(conversation: Conversation) -> Place | None:
    """The talk's place in its series, or None for a single talk."""
    if conversation.trajectory_id is None or conversation.status == Status.CANCELLED:
        return None
    talks = Conversation.objects.filter(trajectory_id=conversation.trajectory_id).exclude(
        status=Status.CANCELLED
    )
    counted = talks.aggregate(
        total=Count("pk"),
        number=Count("pk", filter=Q(starts_at__lt=conversation.starts_at) | Q(pk=conversation.pk)),
    )
    return Place(counted["number"], counted["total"], conversation.trajectory)
