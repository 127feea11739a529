"""Preparation (001 step 2 Voorbereiden, 002 step 1, 004): each side answers its list; the
employee decides when their answers go to the manager; both bring agenda points (003)."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from koers.access import once, policy
from koers.access.actor import Actor
from koers.audit import events as audit
from koers.conversations.models import AgendaPoint, Answer, Conversation, Side, Status
from koers.conversations.queries import AUDIENCE_OF_SIDE, may_prepare_together, side_of
from koers.lib import concurrency
from koers.lib.errors import NotAllowed, Refused
from koers.lib.forms import require_plain_text

KIND = "conversations.conversation"


def _require_open(conversation: Conversation) -> None:
    if not conversation.is_open:
        raise Refused("conversations.closed")


def _require_side(actor: Actor, conversation: Conversation, side: str) -> None:
    """Each person writes their own side only."""
    policy.require(actor, "prepare", conversation)
    if side_of(actor, conversation) != side:
        raise NotAllowed("prepare", KIND)


def _record(actor: Actor, verb: str, conversation: Conversation, subject=None, **params) -> None:
    audit.record(actor, verb, subject or conversation, employee=conversation.employee, **params)


@transaction.atomic
def record_read(actor: Actor, conversation: Conversation) -> None:
    """Who sees what: the manager opened the answers the employee shared (the preparation
    page or the talk's Informatie uitwisselen); logged in the employee's dossier log."""
    policy.require(actor, "read", conversation)
    _record(
        actor,
        "preparation.read",
        conversation,
        starts_on=timezone.localtime(conversation.starts_at).date(),
    )


def _start_preparing(conversation: Conversation) -> None:
    if conversation.status == Status.PLANNED:
        conversation.status = Status.PREPARING
        conversation.save(update_fields=["status", "updated_at"])


@transaction.atomic
def save_answers(
    actor: Actor,
    conversation: Conversation,
    *,
    side: str,
    answers: Mapping[int, str],
    together: bool = False,
    expected_revisions: Mapping[int, int] | None = None,
) -> list[Answer]:
    """001 step 2: each answer is saved on its own, so a person can stop and come back.
    ``together``: the manager fills the employee's list with an employee without a login.
    ``expected_revisions``: per question, the answer's revision when the page was loaded (0:
    not answered yet); an answer changed since is not overwritten (``StaleEdit``)."""
    if together:
        policy.require(actor, "conduct", conversation)
        if side != Side.EMPLOYEE or not may_prepare_together(conversation):
            raise NotAllowed("prepare_together", KIND)
    else:
        _require_side(actor, conversation, side)
    _require_open(conversation)
    # htmx autosave posts the answers by name, not through a form.
    require_plain_text(*answers.values())
    question_ids = set(
        conversation.template.questions.filter(
            audience=AUDIENCE_OF_SIDE[side], pk__in=list(answers)
        ).values_list("pk", flat=True)
    )
    expected = expected_revisions or {}
    saved = []
    for question_id, text in answers.items():
        if question_id not in question_ids:
            continue
        values = {"side": side, "text": text.strip(), "entered_by": actor.employee}
        answer, created = Answer.objects.get_or_create(
            conversation=conversation, question_id=question_id, defaults=values
        )
        concurrency.claim(
            answer, expected.get(question_id), created=created, values={"text": values["text"]}
        )
        if not created:
            for name, value in values.items():
                setattr(answer, name, value)
            answer.save()
        saved.append(answer)
    if together:
        # Filled in with the employee at the table: recorded as such, and shared by nature.
        conversation.prepared_together_by = actor.employee
        conversation.employee_shared_at = conversation.employee_shared_at or timezone.now()
        conversation.save(
            update_fields=["prepared_together_by", "employee_shared_at", "updated_at"]
        )
    _start_preparing(conversation)
    verb = "preparation.answered_together" if together else "preparation.answered"
    _record(actor, verb, conversation, count=len(saved))
    return saved


@transaction.atomic
def share_preparation(actor: Actor, conversation: Conversation) -> Conversation:
    """001 step 2: the employee decides when the answers go to the manager."""
    policy.require(actor, "share", conversation)
    _require_open(conversation)
    if conversation.employee_shared_at is None:
        conversation.employee_shared_at = timezone.now()
        conversation.save(update_fields=["employee_shared_at", "updated_at"])
    _start_preparing(conversation)
    _record(actor, "preparation.shared", conversation)
    return conversation


@transaction.atomic
def add_agenda_point(
    actor: Actor, conversation: Conversation, *, side: str, text: str, token: str = ""
) -> AgendaPoint:
    """003 Inleiding "bepaling van de agenda": both bring points, private until shared.
    Once per form (``token``)."""
    _require_side(actor, conversation, side)
    _require_open(conversation)

    def make() -> AgendaPoint:
        point = AgendaPoint.objects.create(
            conversation=conversation, side=side, text=text.strip(), entered_by=actor.employee
        )
        _start_preparing(conversation)
        _record(actor, "agenda_point.added", conversation, point, point=point.pk)
        return point

    return once.make_once(actor, token, AgendaPoint, make)


@transaction.atomic
def share_agenda_point(actor: Actor, point: AgendaPoint) -> AgendaPoint:
    """A private point goes to the other side of the talk."""
    policy.require(actor, "edit", point)
    _require_open(point.conversation)
    if point.shared_at is None:
        point.shared_at = timezone.now()
        point.save(update_fields=["shared_at"])
    _record(actor, "agenda_point.shared", point.conversation, point, point=point.pk)
    return point


@transaction.atomic
def remove_agenda_point(actor: Actor, point: AgendaPoint) -> None:
    policy.require(actor, "edit", point)
    conversation = point.conversation
    _require_open(conversation)
    pk = point.pk
    point.delete()
    _record(actor, "agenda_point.removed", conversation, point=pk)
