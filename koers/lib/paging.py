"""Lists that page before they compute what a row shows.

A list's filter and order are one query; what each row shows (the newest version's status, a
sum over its activities) is another, run for the page's rows only. Computed in the listing
query, it was computed for every row before the 25 were taken: seconds at 100,000 rows on
either database (issue 18).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet


def page_then_fill(
    rows: QuerySet,
    number: Any,
    per_page: int,
    fill: Callable[[list[Any]], Iterable[Model]],
) -> Page:
    """The page ``number`` of ``rows`` (filtered and ordered; nothing per row computed yet),
    its rows replaced by ``fill(pks)`` in the page's order: one count, one query of the page's
    keys, and what ``fill`` runs for those keys alone."""
    page = Paginator(rows.values_list("pk", flat=True), per_page).get_page(number)
    keys = list(page.object_list)
    by_key = {row.pk: row for row in fill(keys)}
    # A row gone between the two queries (deleted meanwhile) is left out, not an error.
    page.object_list = [by_key[key] for key in keys if key in by_key]
    return page
