"""The progress notes this app contributes to the next talk's Evaluatie phase (004)."""

from __future__ import annotations

import datetime
from typing import Any

from koers.access.actor import Actor
from koers.followup.queries.progress import check_ins_for_evaluation
from koers.organisations.models import Employee


def notes(employee: Employee, actor: Actor, *, before: datetime.datetime | None = None) -> Any:
    return check_ins_for_evaluation(employee, actor, before=before)
