"""Tables out: the one way Koers writes a CSV or XLSX file.

A ``Table`` is column headings plus rows of typed values (text, ``Decimal``, int, date,
datetime, bool, None). Both formats get the same columns and the same text:

- text that a spreadsheet would run as a formula (it starts with ``= + - @``, a tab or a
  CR) gets a leading apostrophe, in CSV and XLSX alike; in XLSX every text cell is also
  written as a string, never as a formula. The people import undoes the apostrophe
  (``unguard_formula``), so an export re-imports unchanged;
- dates are ``dd-mm-jjjj`` in CSV and real dates shown as ``DD-MM-YYYY`` in XLSX;
- numbers stay numbers: ``Decimal`` with a decimal comma in CSV, a number in XLSX;
- CSV is UTF-8 with a BOM and semicolons, which is what Dutch Excel opens correctly.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Control characters an XLSX file cannot hold (openpyxl refuses them); dropped from both
# formats (before the formula guard looks at the text) rather than a server error.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

DATE_CSV = "%d-%m-%Y"
DATETIME_CSV = "%d-%m-%Y %H:%M"
DATE_XLSX = "DD-MM-YYYY"
DATETIME_XLSX = "DD-MM-YYYY HH:MM"


@dataclass
class Table:
    """Headings (lazy gettext is fine) and rows of typed values; ``title`` names the sheet."""

    title: str | Promise
    headings: Sequence[str | Promise]
    rows: Iterable[Sequence[Any]]


def guard_formula(text: str) -> str:
    """A cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def unguard_formula(text: str) -> str:
    """Undo ``guard_formula`` (for a file that Koers exported and someone imports again)."""
    if len(text) > 1 and text[0] == "'" and text.startswith(FORMULA_PREFIXES, 1):
        return text[1:]
    return text


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    return guard_formula(CONTROL.sub("", str(value)))


def _local(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def csv_cell(value: Any) -> str:
    """One value as CSV text."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return _local(value).strftime(DATETIME_CSV)
    if isinstance(value, datetime.date):
        return value.strftime(DATE_CSV)
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return _text(value)


def csv_bytes(table: Table) -> bytes:
    """Semicolon-separated with a UTF-8 BOM: what Dutch Excel opens correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_text(heading) for heading in table.headings])
    writer.writerows([csv_cell(value) for value in row] for row in table.rows)
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(table: Table) -> bytes:
    """One sheet; text always as strings (never formulas), real dates and numbers."""
    # openpyxl takes a while to import; only exports need it.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(CONTROL.sub("", str(table.title))[:31])

    def cell(value: Any) -> Any:
        if value is None:
            return WriteOnlyCell(sheet, value=None)
        if isinstance(value, datetime.datetime):
            written = WriteOnlyCell(sheet, value=_local(value).replace(tzinfo=None))
            written.number_format = DATETIME_XLSX
            return written
        if isinstance(value, datetime.date):
            written = WriteOnlyCell(sheet, value=value)
            written.number_format = DATE_XLSX
            return written
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return WriteOnlyCell(sheet, value=value)
        written = WriteOnlyCell(sheet)
        # Set as a string after the fact: openpyxl makes any text starting with "=" a formula.
        written._value = _text(value)
        written.data_type = "s"
        return written

    sheet.append([cell(heading) for heading in table.headings])
    for row in table.rows:
        sheet.append([cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _attachment(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(table: Table, stem: str) -> HttpResponse:
    """The table as ``<stem>.csv``, to download."""
    return _attachment(csv_bytes(table), CSV_TYPE, f"{stem}.csv")


def xlsx_response(table: Table, stem: str) -> HttpResponse:
    """The table as ``<stem>.xlsx``, to download."""
    return _attachment(xlsx_bytes(table), XLSX_TYPE, f"{stem}.xlsx")
