"""What the reminder rules share: the chunk size, the managers per team, "already told",
"in service", and the unsaved notice they yield (a kind and parameters, no sentence: see
``notice_texts``)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.db.models import Exists, OuterRef, Q

from koers.followup.models import Notice
from koers.organisations.models import Team

CHUNK = 2000


def team_managers() -> dict[int, list[int]]:
    """team id → ids of its managers; one query, bounded by the number of teams."""
    managers: dict[int, list[int]] = defaultdict(list)
    for team_id, employee_id in Team.managers.through.objects.values_list(
        "team_id", "employee_id"
    ).iterator(chunk_size=CHUNK):
        managers[team_id].append(employee_id)
    return managers


def notice_exists(kind: str, subject_type: str, due: Any, recipient: Any = None) -> Exists:
    notices = Notice.objects.filter(
        kind=kind, subject_type=subject_type, subject_id=OuterRef("pk"), due_on=due
    )
    if recipient is not None:
        notices = notices.filter(recipient_id=recipient)
    return Exists(notices)


def new_notice(
    *,
    organisation_id: int,
    recipient_id: int,
    kind: str,
    subject: tuple[str, int],
    due_on: datetime.date,
    params: dict[str, Any],
    link: str,
) -> Notice:
    return Notice(
        organisation_id=organisation_id,
        recipient_id=recipient_id,
        kind=kind,
        subject_type=subject[0],
        subject_id=subject[1],
        due_on=due_on,
        params=params,
        link=link,
    )


def in_service(today: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}left_service_on__isnull": True}) | Q(
        **{f"{prefix}left_service_on__gt": today}
    )
