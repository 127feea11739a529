"""Scoped reads for the people pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from koers.access.actor import Actor
from koers.access.views import visible
from koers.organisations.models import Employee

# HR sees a file as "binnenkort verwijderd" this many days before ``koers retention``
# removes it (issue 16).
ERASED_SOON_DAYS = 31


def people_for(actor: Actor, filters: dict[str, Any]) -> QuerySet[Employee]:
    """The people list as HR sees it, filtered; one query, whatever the page size. An erased
    record (retention removed the file) is nobody to list."""
    people = (
        visible(Employee, actor)
        .filter(erased_at__isnull=True)
        .select_related("team__department", "organisation")
    )
    status = filters.get("status") or "active"
    today = timezone.localdate()
    if status == "active":
        people = people.in_service(today)
    elif status == "left":
        people = people.left_service(today)
    elif status == "erased_soon":
        people = people.due_for_erasure(actor.organisation, today, within_days=ERASED_SOON_DAYS)
    if filters.get("department"):
        people = people.filter(team__department=filters["department"])
    if filters.get("team") is not None:  # the matching teams (team_filter.TeamFilterField)
        people = people.filter(team__in=filters["team"])
    if filters.get("q"):
        people = people.search(filters["q"])
    return people.order_by("last_name", "first_name", "pk")
