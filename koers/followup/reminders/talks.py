"""Reminders about talks: the invitation not answered, the preparation not shared, and the
next talk due after the agreed interval (001 steps 1–2, 002 step 4)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.db.models import Exists, OuterRef
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone

from koers.conversations.models import OPEN_STATUSES, Conversation, Status
from koers.followup import rules
from koers.followup.models import Notice, NoticeKind
from koers.followup.reminders.common import CHUNK, in_service, new_notice, notice_exists
from koers.organisations.models import Employee


def due_invitation_unanswered(now: datetime.datetime, **_context: Any) -> Iterator[Notice]:
    """001 step 1–2: invited, but not begun preparing a week later (the conversation is still
    'gepland': no answer, agenda point or share yet). Employees without a login prepare
    together with their manager, so they are left out."""
    invited_before = now - datetime.timedelta(days=rules.INVITATION_ANSWER_DAYS)
    due = TruncDate("created_at")
    rows = (
        Conversation.objects.filter(
            status=Status.PLANNED,
            starts_at__gt=now,
            created_at__lte=invited_before,
            employee__user__isnull=False,
        )
        .filter(in_service(timezone.localdate(now), "employee__"))
        .annotate(invited_on=due)
        .filter(
            ~notice_exists(NoticeKind.INVITATION_UNANSWERED, "conversation", OuterRef("invited_on"))
        )
        .values("pk", "organisation_id", "employee_id", "starts_at", "invited_on")
    )
    for row in rows.iterator(chunk_size=CHUNK):
        yield new_notice(
            organisation_id=row["organisation_id"],
            recipient_id=row["employee_id"],
            kind=NoticeKind.INVITATION_UNANSWERED,
            subject=("conversation", row["pk"]),
            due_on=row["invited_on"],
            params={"talk_on": timezone.localtime(row["starts_at"]).date().isoformat()},
            link=reverse("conversation-prepare", args=[row["pk"]]),
        )


def due_preparation_not_shared(now: datetime.datetime, **_context: Any) -> Iterator[Notice]:
    """001 step 2: the employee decides when the answers go to the manager; two days before
    the talk they are reminded once (per date of the talk)."""
    rows = (
        Conversation.objects.filter(
            status__in=OPEN_STATUSES,
            employee_shared_at__isnull=True,
            starts_at__gt=now,
            starts_at__lte=now + rules.SHARE_BEFORE,
            employee__user__isnull=False,
        )
        .filter(in_service(timezone.localdate(now), "employee__"))
        .annotate(talk_on=TruncDate("starts_at"))
        .filter(
            ~notice_exists(NoticeKind.PREPARATION_NOT_SHARED, "conversation", OuterRef("talk_on"))
        )
        .values("pk", "organisation_id", "employee_id", "starts_at", "talk_on")
    )
    for row in rows.iterator(chunk_size=CHUNK):
        yield new_notice(
            organisation_id=row["organisation_id"],
            recipient_id=row["employee_id"],
            kind=NoticeKind.PREPARATION_NOT_SHARED,
            subject=("conversation", row["pk"]),
            due_on=row["talk_on"],
            params={"talk_on": timezone.localtime(row["starts_at"]).date().isoformat()},
            link=reverse("conversation-prepare", args=[row["pk"]]),
        )


def due_conversations(
    now: datetime.datetime, today: datetime.date, managers: dict[int, list[int]], **_context: Any
) -> Iterator[Notice]:
    """002 step 4: the next talk is due after the agreed interval (per organisation, or
    agreed per employee). The manager is told once per cycle: not again until a new talk
    has taken place. Nobody is told while a talk is planned."""
    people = (
        Employee.objects.filter(in_service(today), team__isnull=False)
        .annotate(
            months=rules.interval_months(),
            last_talk=rules.last_talk(),
            agreed_next=rules.agreed_next_talk(),
        )
        .annotate(
            planned=Exists(
                Conversation.objects.filter(
                    employee=OuterRef("pk"), status__in=OPEN_STATUSES, starts_at__gt=now
                )
            )
        )
        .filter(planned=False)
    )
    told = Notice.objects.filter(
        kind=NoticeKind.CONVERSATION_DUE,
        subject_type="employee",
        subject_id=OuterRef("pk"),
        created_at__gt=Coalesce(
            OuterRef("last_talk"), datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
        ),
    )
    for months in sorted(set(people.values_list("months", flat=True).order_by().distinct())):
        rows = (
            people.filter(months=months)
            .filter(rules.talk_due_by(today, months))
            .filter(~Exists(told))
            .values(
                "pk",
                "organisation_id",
                "team_id",
                "last_talk",
                "agreed_next",
                "in_service_since",
                "created_at",
            )
        )
        for row in rows.iterator(chunk_size=CHUNK):
            due_on = (
                rules.next_talk_due(
                    row["last_talk"], row["in_service_since"], months, row["agreed_next"]
                )
                or timezone.localtime(row["created_at"]).date()
            )
            params: dict[str, Any] = {"months": months}
            if row["last_talk"]:
                params["last_talk_on"] = timezone.localtime(row["last_talk"]).date().isoformat()
            if row["agreed_next"]:
                params["agreed_on"] = row["agreed_next"].isoformat()
            link = reverse("conversation-plan") + f"?employee={row['pk']}"
            for recipient in managers.get(row["team_id"], []):
                if recipient == row["pk"]:
                    continue
                yield new_notice(
                    organisation_id=row["organisation_id"],
                    recipient_id=recipient,
                    kind=NoticeKind.CONVERSATION_DUE,
                    subject=("employee", row["pk"]),
                    due_on=due_on,
                    params=params,
                    link=link,
                )
