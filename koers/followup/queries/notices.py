"""The reader's notices: their list, newest first, and the unread count in the menu; only
those whose reason still holds (``NoticeQuerySet.current``)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from koers.access.actor import Actor
from koers.access.views import visible
from koers.followup.models import CHECKS, Notice, still_holds


def notices_for(actor: Actor) -> QuerySet[Notice]:
    """The reader's notices whose reason still holds, newest first. The conditions are built
    only for the kinds the reader has (one small query first): the list is counted and
    fetched, and each compiles them (issue 18)."""
    mine = visible(Notice, actor)
    kinds = list(mine.order_by().values_list("kind", flat=True).distinct())
    return mine.filter(still_holds(kinds)).order_by("-created_at", "-pk")


def unread_count(actor: Actor) -> int:
    """The menu's counter, on every page: one grouped query of the unread notices' kinds;
    a second one only when some are of a kind whose reason may have gone (``CHECKS``), with
    only those kinds' conditions (issue 18: building and compiling every kind's subqueries
    was a third of a page's time)."""
    if actor.employee_id is None:
        return 0
    unread = visible(Notice, actor).unread()
    checked = Q(params__isnull=False, kind__in=list(CHECKS))
    rows = (
        unread.order_by()
        .values("kind")
        .annotate(n=Count("pk"), checked=Count("pk", filter=checked))
        .values_list("kind", "n", "checked")
    )
    count, kinds = 0, []
    for kind, n, to_check in rows:
        count += n - to_check
        if to_check:
            kinds.append(kind)
    if kinds:
        count += unread.filter(checked, kind__in=kinds).filter(still_holds(kinds)).count()
    return count
