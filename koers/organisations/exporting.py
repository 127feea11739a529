"""Employee files out: the people list in the import's columns, as CSV or XLSX
(written by ``koers.lib.tabular``, like every export).

An export of personal data is itself logged: the view records it with the action
``actions.transfers.record_export`` (``people.exported``, listing the people in it).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from koers.lib.tabular import Table
from koers.organisations.importing import columns_for
from koers.organisations.models import Employee, Organisation


def export_table(organisation: Organisation, employees: Iterable[Employee]) -> Table:
    """The people in the import's columns (typed values: text, date, Decimal, None).

    ``employees`` should come with ``select_related("team__department")``."""
    columns = columns_for(organisation)
    with translation.override("nl"):
        labels = {
            c.field: {value: str(label) for value, label in c.choices.choices}
            for c in columns
            if c.choices is not None
        }

    def values(employee: Employee) -> list[Any]:
        row: list[Any] = []
        for column in columns:
            if column.kind == "department":
                row.append(employee.team.department.name if employee.team else "")
            elif column.kind == "team":
                row.append(employee.team.name if employee.team else "")
            elif column.kind == "choice":
                code = getattr(employee, column.field)
                row.append(labels[column.field].get(code, code))
            else:
                row.append(getattr(employee, column.field))
        return row

    return Table(
        title=_("Medewerkers"),
        headings=[c.header for c in columns],
        rows=(values(e) for e in employees),
    )
