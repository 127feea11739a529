"""Aggregates Django 5.2 has only for one database."""

from __future__ import annotations

from typing import Any

from django.db.models import Aggregate, CharField


class IdList(Aggregate):
    """The values of a group as one comma-separated text: ``group_concat`` on SQLite,
    ``string_agg`` on PostgreSQL. For ids, read back with ``parse_ids``."""

    function = "GROUP_CONCAT"
    output_field = CharField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s((%(expressions)s)::text, ',')",
            **extra,
        )


def parse_ids(text: str | None) -> frozenset[int]:
    """The ids of an ``IdList`` (None when the group was empty)."""
    return frozenset(int(part) for part in text.split(",")) if text else frozenset()
