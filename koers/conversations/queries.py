"""Scoped reads for the conversation pages: lists per role, preparation of one talk."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.access.actor import Actor
from koers.access.relations import LED_NOW
from koers.access.views import visible
from koers.conversations import slots as working_days
from koers.conversations.models import (
    OPEN_STATUSES,
    AgendaPoint,
    Answer,
    Audience,
    Conversation,
    ConversationTemplate,
    ConversationType,
    Report,
    Side,
    Status,
    TalkRating,
    TemplateQuestion,
)
from koers.lib.canonical import plain_sha256
from koers.lib.dates import months_before
from koers.lib.errors import Refused
from koers.organisations.models import Employee, Team
from koers.plans.models import DevelopmentPlan
from koers.signing.queries import latest_status


def _with_people(conversations: QuerySet[Conversation]) -> QuerySet[Conversation]:
    """With the people and ``report_state``: the status of the report's newest version."""
    return conversations.select_related(
        "employee__team", "manager", "conversation_type", "organisation"
    ).annotate(report_state=latest_status(Report, OuterRef("report__pk")))


# Buckets of the manager's list, in the order of the cycle: a reported talk waits either for
# the employee or for the manager's own signature.
TO_SIGN = "to_sign"
MANAGER_BUCKETS = (
    (Status.PLANNED, _("Gepland")),
    (Status.PREPARING, _("In voorbereiding")),
    (Status.HELD, _("Gehouden: verslag nog maken")),
    (Status.REPORTED, _("Verslag bij de medewerker")),
    (TO_SIGN, _("Verslag nog tekenen door u")),
    (Status.SIGNED, _("Klaar")),
    (Status.CANCELLED, _("Afgezegd")),
)


def with_people(actor: Actor, pks: list[int]) -> QuerySet[Conversation]:
    """These talks with their people and ``report_state`` (a page's, ``koers.lib.paging``)."""
    return _with_people(visible(Conversation, actor).filter(pk__in=pks))


def report_state(conversation: Conversation) -> str | None:
    """The newest report version's status, annotated by ``_with_people`` (no query)."""
    return getattr(conversation, "report_state", None)


def bucket_of(conversation: Conversation) -> str:
    if conversation.status == Status.REPORTED and report_state(conversation) == "employee_signed":
        return TO_SIGN
    return conversation.status


@dataclass
class ManagerOverview:
    by_status: dict[str, list[Conversation]] = field(default_factory=dict)
    without_conversation: list[Employee] = field(default_factory=list)
    since: datetime.date | None = None

    @property
    def buckets(self) -> list[tuple[str, str, list[Conversation]]]:
        return [(status, label, self.by_status[status]) for status, label in MANAGER_BUCKETS]


def manager_overview(actor: Actor) -> ManagerOverview:
    """My team's talks by status, and who has had no talk within the organisation's interval
    (and has none planned). Two queries."""
    conversations = list(
        _with_people(visible(Conversation, actor).led_by(actor)).order_by("starts_at", "pk")
    )
    overview = ManagerOverview(by_status={status: [] for status, _label in MANAGER_BUCKETS})
    for conversation in conversations:
        overview.by_status[bucket_of(conversation)].append(conversation)
    # Most recent first for the finished ones.
    for status in (Status.SIGNED, Status.CANCELLED):
        overview.by_status[status].reverse()
    organisation = actor.organisation
    overview.since = months_before(timezone.localdate(), organisation.conversation_interval_months)
    since = timezone.make_aware(datetime.datetime.combine(overview.since, datetime.time.min))
    recent = Conversation.objects.filter(employee=OuterRef("pk"), starts_at__gte=since).exclude(
        status=Status.CANCELLED
    )
    overview.without_conversation = list(
        visible(Employee, actor)
        .filter(team_id__in=actor.led_team_ids)
        .exclude(pk=actor.employee_id)
        .in_service()
        .filter(~Exists(recent))
        .select_related("team")
        .order_by("last_name", "first_name", "pk")
    )
    return overview


def my_conversations(actor: Actor) -> list[Conversation]:
    """The employee's own talks: open ones first (the next one on top), then the rest."""
    own = _with_people(visible(Conversation, actor).filter(employee_id=actor.employee_id))
    rows = list(own.order_by("starts_at", "pk"))
    open_rows = [c for c in rows if c.status in OPEN_STATUSES]
    rest = sorted((c for c in rows if c.status not in OPEN_STATUSES), key=lambda c: c.starts_at)
    return open_rows + rest[::-1]


def reports_to_sign(conversations: list[Conversation]) -> list[Conversation]:
    """Employee: the reports waiting for their reading and choice."""
    return [c for c in conversations if report_state(c) == "to_sign"]


def organisation_conversations(actor: Actor, filters: dict[str, Any]) -> QuerySet[Conversation]:
    """HR: every talk of the organisation, filtered and ordered; the people and the report's
    state come for the page's rows only (``with_people``)."""
    rows = visible(Conversation, actor)
    if filters.get("status"):
        rows = rows.filter(status=filters["status"])
    if filters.get("conversation_type"):
        rows = rows.filter(conversation_type=filters["conversation_type"])
    if filters.get("team") is not None:  # the matching teams (team_filter.TeamFilterField)
        rows = rows.filter(employee__team__in=filters["team"])
    if filters.get("q"):
        rows = rows.filter(employee__in=Employee.objects.search(filters["q"]))
    return rows.order_by("-starts_at", "pk")


def status_counts(actor: Actor) -> list[tuple[str, str, int]]:
    """(status, label, count) for the whole organisation, in cycle order; one query."""
    counts = dict(
        visible(Conversation, actor)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return [(value, label, counts.get(value, 0)) for value, label in Status.choices]


@dataclass
class QuestionRow:
    question: TemplateQuestion
    answer: Answer | None

    @property
    def text(self) -> str:
        return self.answer.text if self.answer else ""


@dataclass
class Preparation:
    """What one side sees when preparing: own list, the other side's shared parts, aids."""

    side: str
    own: list[QuestionRow]
    employee_answers: list[QuestionRow] | None  # for the manager, once shared
    strengths: list[TemplateQuestion]
    own_points: list[AgendaPoint]
    other_points: list[AgendaPoint]


def preparation_for(conversation: Conversation, actor: Actor, side: str) -> Preparation:
    questions = list(conversation.template.questions.all())
    answers = {
        a.question_id: a for a in Answer.objects.visible_to(actor).filter(conversation=conversation)
    }
    # The manager filling in with an employee without login writes the employee's list.
    own_audience = Audience.EMPLOYEE if side == Side.EMPLOYEE else Audience.MANAGER

    def rows(audience: str) -> list[QuestionRow]:
        return [QuestionRow(q, answers.get(q.pk)) for q in questions if q.audience == audience]

    employee_rows = None
    if side == Side.MANAGER and conversation.is_shared:
        employee_rows = rows(Audience.EMPLOYEE)
    points = list(AgendaPoint.objects.visible_to(actor).filter(conversation=conversation))
    return Preparation(
        side=side,
        own=rows(own_audience),
        employee_answers=employee_rows,
        strengths=[q for q in questions if q.audience == Audience.STRENGTHS],
        own_points=[p for p in points if p.side == side],
        other_points=[p for p in points if p.side != side],
    )


def together_rows(conversation: Conversation) -> list[QuestionRow]:
    """The employee's list as the manager fills it in together with the employee."""
    answers = {a.question_id: a for a in conversation.answers.filter(side=Side.EMPLOYEE)}
    return [
        QuestionRow(q, answers.get(q.pk))
        for q in conversation.template.questions.filter(audience=Audience.EMPLOYEE)
    ]


def party_conversations(actor: Actor) -> QuerySet[Conversation]:
    """Talks where the actor is the employee or the current manager (not HR's wider view)."""
    return visible(Conversation, actor).filter(
        Q(employee_id=actor.employee_id) | Q(employee__team_id__in=actor.led_team_ids)
    )


def talks_to_rate(actor: Actor) -> QuerySet[Conversation]:
    """004 Afsluiting: the actor's own held talks (report not signed yet) that they have not
    said anything about yet — the call to action on their dashboard and talk page. One query."""
    answered = TalkRating.objects.filter(
        conversation=OuterRef("pk"), given_by=TalkRating.GivenBy.EMPLOYEE
    )
    return (
        visible(Conversation, actor)
        .filter(employee_id=actor.employee_id, status__in=(Status.HELD, Status.REPORTED))
        .exclude(Exists(answered))
        .select_related("conversation_type")
        .order_by("-starts_at", "-pk")
    )


def active_conversation_types(actor: Actor) -> QuerySet[ConversationType]:
    """The kinds of talk a manager can plan now (the defaults exist from the founding)."""
    return ConversationType.objects.filter(organisation_id=actor.organisation_id, is_active=True)


def templates_overview(actor: Actor) -> list[Any]:
    """Each conversation type of the organisation with its current version and how many
    talks use each version."""
    types = list(ConversationType.objects.filter(organisation_id=actor.organisation_id))
    versions = list(
        ConversationTemplate.objects.visible_to(actor)
        .annotate(used=Count("conversation"))
        .order_by("conversation_type_id", "-version")
    )
    by_type: dict[int, list[Any]] = {}
    for version in versions:
        by_type.setdefault(version.conversation_type_id, []).append(version)
    for conversation_type in types:
        conversation_type.versions = by_type.get(conversation_type.pk, [])
        conversation_type.current = (
            conversation_type.versions[0] if conversation_type.versions else None
        )
    return types


def plan_of(conversation: Conversation, actor: Actor) -> Any:
    """The POP that holds this conversation's agreements, if the actor may see it."""
    return DevelopmentPlan.objects.visible_to(actor).filter(conversation=conversation).first()


# ---------------------------------------------------------------------------------------------
# Templates and sides (read helpers of the actions)


def current_template(conversation_type: ConversationType) -> ConversationTemplate | None:
    """The newest version; conversations planned from now on use it."""
    return conversation_type.templates.order_by("-version").first()


def questions_from_lines(
    template: ConversationTemplate, audience: str, lines: Iterable[str]
) -> list[tuple[str, str]]:
    """One question per line, in order; a question that was already there keeps its
    explanation."""
    help_texts = {q.text: q.help_text for q in template.questions.all() if q.audience == audience}
    texts = [line.strip() for line in lines if line.strip()]
    return [(text, help_texts.get(text, "")) for text in texts]


def side_of(actor: Actor, conversation: Conversation) -> str | None:
    """Which preparation the actor writes in this talk: their own, or the manager's (as the
    employee's current manager). HR and others: none."""
    if actor.employee_id is None:
        return None
    if conversation.employee_id == actor.employee_id:
        return Side.EMPLOYEE
    if LED_NOW.holds(actor, conversation.employee):
        return Side.MANAGER
    return None


def may_prepare_together(conversation: Conversation) -> bool:
    """001 step 2 for someone who cannot sign in: only an employee without a login has their
    list filled in by the manager; everyone else decides about their own answers."""
    return conversation.employee.user_id is None


AUDIENCE_OF_SIDE = {Side.EMPLOYEE: Audience.EMPLOYEE, Side.MANAGER: Audience.MANAGER}


@dataclass
class TeamSlot:
    employee: Employee
    starts_at: datetime.datetime


@dataclass
class TeamSchedule:
    """What planning a team would do: a slot per member, and who is skipped."""

    slots: list[TeamSlot]
    skipped: list[Employee]

    @property
    def digest(self) -> str:
        """The preview's token: the same schedule at confirmation, or nothing is planned."""
        return plain_sha256(
            {
                "slots": [[s.employee.pk, s.starts_at.isoformat()] for s in self.slots],
                "skipped": [e.pk for e in self.skipped],
            }
        )


def team_schedule(
    actor: Actor,
    team: Team,
    *,
    first_starts_at: datetime.datetime,
    duration_minutes: int,
    gap_minutes: int,
) -> TeamSchedule:
    """004: the team's talks one after another from ``first_starts_at``, within the
    organisation's working hours on its working days (``slots.working_slots``). Members who
    have an open talk already are skipped. Raises ``Refused("conversations.talk_too_long")``
    when one talk is longer than the working day."""
    organisation = team.organisation
    members = list(
        visible(Employee, actor)
        .filter(team=team)
        .in_service()
        .exclude(pk=actor.employee_id)
        .select_related("organisation")
        .order_by("last_name", "first_name", "pk")
    )
    busy = set(
        Conversation.objects.open()
        .filter(employee__in=members)
        .values_list("employee_id", flat=True)
    )
    free = [m for m in members if m.pk not in busy]
    zone = timezone.get_current_timezone()
    try:
        starts = working_days.working_slots(
            timezone.localtime(first_starts_at, zone).replace(tzinfo=None),
            len(free),
            duration_minutes=duration_minutes,
            gap_minutes=gap_minutes,
            day_starts=organisation.work_day_starts,
            day_ends=organisation.work_day_ends,
            closed=organisation.closed_dates(),
        )
    except working_days.NoRoomInWorkingDay as error:
        raise Refused("conversations.talk_too_long") from error
    return TeamSchedule(
        slots=[
            TeamSlot(employee=member, starts_at=timezone.make_aware(start, zone))
            for member, start in zip(free, starts, strict=True)
        ],
        skipped=[m for m in members if m.pk in busy],
    )
