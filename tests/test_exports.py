"""Every CSV/XLSX export goes through ``koers.lib.tabular`` and neutralises formulas.

Issue 10 item 4: ``/plans/export.xlsx`` wrote ``=HYPERLINK(...)`` as a live formula and
``/plans/export.csv`` wrote it raw. Per export URL, text starting with each character a
spreadsheet runs (``= + - @``, tab, CR) comes out with a leading apostrophe in both formats,
and no XLSX cell is a formula.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from koers.lib import tabular
from koers.organisations.models import Employee
from koers.plans.demo import extend_demo
from koers.plans.models import Activity

pytestmark = pytest.mark.django_db

DANGEROUS = [
    '=HYPERLINK("http://evil.example","klik")',
    "=cmd|' /C calc'!A0",
    "+31 6 1234",
    "-2+3",
    "@SUM(A1:A2)",
    "\tTAB",
    "\rCR",
]
KOERS = Path(__file__).resolve().parent.parent / "koers"


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads é
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def read_xlsx(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook.worksheets[0].iter_rows())
    formulas = [cell.coordinate for row in rows for cell in row if cell.data_type == "f"]
    assert formulas == [], f"formula cells: {formulas}"
    return rows


def expected(text: str) -> str:
    return "'" + text


def expected_xlsx(text: str) -> str:
    return expected(text).replace("\r", "\n")  # XML reads a CR back as LF


# --- the helper ------------------------------------------------------------------------------


def test_helper_writes_the_same_columns_and_typed_values_in_both_formats():
    table = tabular.Table(
        title="Proef",
        headings=["tekst", "datum", "bedrag", "aantal", "leeg", "ja/nee"],
        rows=[
            ["=1+1", datetime.date(2026, 3, 9), Decimal("1234.50"), 7, None, True],
            ["Zoë", datetime.date(2026, 12, 31), Decimal("-5.00"), 0, "", False],
        ],
    )
    text = tabular.csv_bytes(table).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows == [
        ["tekst", "datum", "bedrag", "aantal", "leeg", "ja/nee"],
        ["'=1+1", "09-03-2026", "1234,50", "7", "", "ja"],
        ["Zoë", "31-12-2026", "-5,00", "0", "", "nee"],
    ]
    sheet = load_workbook(io.BytesIO(tabular.xlsx_bytes(table))).worksheets[0]
    header, first, second = sheet.iter_rows()
    assert [c.value for c in header] == rows[0]
    assert (first[0].value, first[0].data_type) == ("'=1+1", "s")
    assert first[1].value == datetime.datetime(2026, 3, 9)
    assert first[1].number_format == "DD-MM-YYYY"
    assert first[2].value == 1234.5 and first[2].data_type == "n"  # numbers stay numbers
    assert second[2].value == -5 and second[3].value == 0


def test_helper_writes_dangerous_text_as_guarded_strings():
    # The guard puts an apostrophe first; on top of it the XLSX writer never makes text a formula.
    table = tabular.Table(title="Proef", headings=["a"], rows=[[text] for text in DANGEROUS])
    sheet = load_workbook(io.BytesIO(tabular.xlsx_bytes(table))).worksheets[0]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [c.data_type for c in cells] == ["s"] * len(DANGEROUS)
    assert [c.value for c in cells] == [expected_xlsx(t) for t in DANGEROUS]


def test_helper_drops_control_characters_xlsx_cannot_hold():
    table = tabular.Table(title="Proef", headings=["a"], rows=[["a\x00b\x07c"], ["\x00=1+1"]])
    sheet = load_workbook(io.BytesIO(tabular.xlsx_bytes(table))).worksheets[0]
    assert [r[0].value for r in sheet.iter_rows(min_row=2)] == ["abc", "'=1+1"]
    assert tabular.csv_bytes(table).decode("utf-8-sig").splitlines()[1:] == ["abc", "'=1+1"]


def test_guard_and_unguard_are_each_others_inverse():
    for text in [*DANGEROUS, "gewoon", "'al een apostrof", ""]:
        assert tabular.unguard_formula(tabular.guard_formula(text)) == text


# --- per export URL --------------------------------------------------------------------------


@pytest.mark.parametrize("text", DANGEROUS)
def test_plan_export_neutralises_formulas(demo, login_as, text):
    extend_demo(demo)
    activity = Activity.objects.filter(
        point__plan__organisation=demo, point__plan__employee__personnel_number="D-medewerker"
    ).first()
    Activity.objects.filter(pk=activity.pk).update(description=text, remarks=text)
    client = login_as("hr")

    header, *rows = read_csv(client.get(reverse("plan-export-csv")))
    row = next(r for r in rows if r[header.index("Activiteit")] == expected(text))
    assert row[header.index("Opmerkingen")] == expected(text)
    assert not any(cell.startswith(tabular.FORMULA_PREFIXES) for r in rows for cell in r)

    header_cells, *cells = read_xlsx(client.get(reverse("plan-export-xlsx")))
    headings = [c.value for c in header_cells]
    assert headings == header  # the same columns in both formats
    row = next(r for r in cells if r[headings.index("Activiteit")].value == expected_xlsx(text))
    assert row[headings.index("Opmerkingen")].value == expected_xlsx(text)
    cost = row[headings.index("Kosten")]
    assert cost.data_type == "n"  # amounts stay numeric


@pytest.mark.parametrize("text", DANGEROUS)
def test_people_export_neutralises_formulas(demo, login_as, text):
    Employee.objects.filter(organisation=demo, personnel_number="D-medewerker").update(
        first_name=text, function=text
    )
    client = login_as("hr")

    header, *rows = read_csv(client.get(reverse("people-export-csv")))
    row = next(r for r in rows if r[0] == "D-medewerker")
    assert row[header.index("voornaam")] == expected(text)
    assert row[header.index("functie")] == expected(text)

    header_cells, *cells = read_xlsx(client.get(reverse("people-export-xlsx")))
    headings = [c.value for c in header_cells]
    assert headings == header
    row = next(r for r in cells if r[0].value == "D-medewerker")
    assert row[headings.index("functie")].value == expected_xlsx(text)


def test_every_export_url_is_tested_here():
    """A new export (a URL ending in .csv or .xlsx) must be added to the tests above."""
    from django.urls import get_resolver

    tested = {"plan-export-csv", "plan-export-xlsx", "people-export-csv", "people-export-xlsx"}

    def names(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                yield from names(pattern, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern), pattern.name

    exports = {name for route, name in names(get_resolver()) if re.search(r"\.(csv|xlsx)$", route)}
    assert exports == tested


def test_no_export_writes_csv_or_xlsx_by_hand():
    """One door for tables out: only koers/lib/tabular.py writes CSV or XLSX."""
    writers = re.compile(r"csv\.writer|csv\.DictWriter|openpyxl import Workbook|\"text/csv;")
    offenders = [
        str(path.relative_to(KOERS))
        for path in KOERS.rglob("*.py")
        if "tests" not in path.parts
        and path.name != "tabular.py"
        and writers.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
