"""Employee files out: the people list in the import's columns, as CSV or XLSX.

An export of personal data is itself logged: the view records it with the action
``actions.transfers.record_export`` (``people.exported``, with the row count).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from koers.organisations.importing import columns_for
from koers.organisations.models import Employee, Organisation

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def export_table(
    organisation: Organisation, employees: Iterable[Employee]
) -> tuple[list[str], Iterator[list[Any]]]:
    """Headers and rows (typed values: text, date, Decimal, None) in the import's columns.

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

    return [c.header for c in columns], (values(e) for e in employees)


def guard_formula(text: str) -> str:
    """A cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f").replace(".", ",")
    return guard_formula(str(value))


def write_csv(headers: list[str], rows: Iterable[list[Any]]) -> bytes:
    """Semicolon-separated with a UTF-8 BOM: what Dutch Excel opens correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([_csv_text(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(headers: list[str], rows: Iterable[list[Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(_("Medewerkers"))
    worksheet.append(headers)
    for row in rows:
        cells: list[Any] = []
        for value in row:
            if isinstance(value, datetime.date):
                cell = WriteOnlyCell(worksheet, value=value)
                cell.number_format = "DD-MM-YYYY"
                cells.append(cell)
            elif isinstance(value, str):
                cells.append(guard_formula(value))
            else:
                cells.append(value)
        worksheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
